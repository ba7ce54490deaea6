import Testing
@testable import Keras

/// The OpenBLAS plugin's fused LSTM (GEMM + vectorised gate loops) against the composed
/// reference, forward and backward, in strict mode; the other cells are left to the composition.
@Suite struct OpenBLASRecurrentTests {
    static let claimed: [RecurrentParameters] = [RecurrentParameters(cell: .lstm), RecurrentParameters(cell: .lstm, goBackwards: true)]

    /// float32 LSTM operands; 19 units so the gate loops run vector bodies and remainders.
    static func operands(batch: Int, time: Int, features: Int, units: Int, seed: UInt64) -> [Tensor] {
        let gates = 4 * units
        return [randomTensor([batch, time, features], dtype: .float32, low: -2, high: 2, seed: seed),
                randomTensor([batch, units], dtype: .float32, seed: seed + 10),
                randomTensor([batch, units], dtype: .float32, low: -3, high: 3, seed: seed + 11),
                randomTensor([features, gates], dtype: .float32, low: -0.6, high: 0.6, seed: seed + 20),
                randomTensor([units, gates], dtype: .float32, low: -0.6, high: 0.6, seed: seed + 21),
                randomTensor([gates], dtype: .float32, seed: seed + 22)]
    }

    @Test(arguments: claimed)
    func forwardMatchesReference(_ p: RecurrentParameters) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let inputs = Self.operands(batch: 3, time: 6, features: 5, units: 19, seed: 3)
        for k in 0...2 {
            BackendComparison.expectAgreement(openblas, tolerance: 1e-5, "\(p) output \(k)") { $0.recurrent(p, inputs)[k] }
        }
        #expect(openblas.usage.contains { $0.kernel == .recurrent && $0.native > 0 })
    }

    @Test(arguments: claimed)
    func backwardMatchesReference(_ p: RecurrentParameters) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let (batch, time, units) = (4, 7, 19)
        let forward = Self.operands(batch: batch, time: time, features: 6, units: units, seed: 5)
        let cotangents = [randomTensor([batch, time, units], dtype: .float32, seed: 40),
                          randomTensor([batch, units], dtype: .float32, seed: 41),
                          randomTensor([batch, units], dtype: .float32, seed: 42)]
        for k in 0..<6 {
            BackendComparison.expectAgreement(openblas, tolerance: 1e-4, "\(p) gradient \(k)") {
                $0.recurrentBackward(p, forward + cotangents)[k]
            }
        }
        #expect(openblas.usage.contains { $0.kernel == .recurrentBackward && $0.native > 0 })
    }

    /// With several threads the plugin splits the batch: each thread runs its samples' whole
    /// sequence, then a block of the weight gradients' columns. 1, 2 and 3 threads over 5
    /// samples (slices of 5, 2 + 3, 1 + 2 + 2; 19 units: column blocks of 32, 32 and 12) give
    /// the reference's values through the workspace slots, and the same values as one thread.
    @Test(arguments: claimed)
    func trainingSplitAcrossThreadsMatchesOneThread(_ p: RecurrentParameters) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let (batch, time, units) = (5, 7, 19)
        let forward = Self.operands(batch: batch, time: time, features: 6, units: units, seed: 7)
        let cotangents = [randomTensor([batch, time, units], dtype: .float32, seed: 50),
                          randomTensor([batch, units], dtype: .float32, seed: 51),
                          randomTensor([batch, units], dtype: .float32, seed: 52)]
        let expected = ReferenceBackend.shared.recurrent(p, forward) + ReferenceBackend.shared.recurrentBackward(p, forward + cotangents)
        let saved = KerasConfig.threads
        defer { KerasConfig.threads = saved }
        var byThreads: [[Tensor]] = []
        for threads in 1...3 {
            KerasConfig.threads = threads
            let (outputs, workspace) = openblas.recurrentTraining(p, forward)
            let ws = try #require(workspace, "\(p): the workspace slots ran")
            let gradients = openblas.recurrentBackward(p, forward + cotangents, workspace: ws)
            byThreads.append(outputs + gradients)
        }
        for (threads, results) in zip(1..., byThreads) {
            #expect(results.count == expected.count)
            for (k, (got, want)) in zip(results, expected).enumerated() {
                #expect(got.shape == want.shape, "\(p), \(threads) threads, result \(k)")
                let worst = zip(got.doubles, want.doubles).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
                #expect(worst <= (k < 3 ? 1e-5 : 1e-4), "\(p), \(threads) threads, result \(k) vs reference: \(worst)")
                let single = byThreads[0][k]
                let drift = zip(got.doubles, single.doubles).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
                #expect(drift <= 1e-6, "\(p), \(threads) threads, result \(k) vs one thread: \(drift)")
            }
        }
    }

    @Test func otherCellsAndFloat64AreComposedOnThePrimitives() throws {
        guard let openblas = BackendComparison.strictOpenBLAS()?.withFallback(.allow) else { return }
        func nativeRuns(_ cell: RecurrentCell) -> Int {
            openblas.usage.first { $0.kernel == .recurrent && $0.op == cell.rawValue }?.native ?? 0
        }
        let gru = RecurrentParameters(cell: .gru)
        let gates = 3 * 3
        let gruInputs = [randomTensor([2, 3, 2], dtype: .float32, seed: 1), randomTensor([2, 3], dtype: .float32, seed: 2),
                         randomTensor([2, gates], dtype: .float32, seed: 3), randomTensor([3, gates], dtype: .float32, seed: 4),
                         randomTensor([2, gates], dtype: .float32, seed: 5)]
        let before = nativeRuns(.gru)
        let out = openblas.recurrent(gru, gruInputs)[0]
        #expect(nativeRuns(.gru) == before)
        let expected = ReferenceBackend.shared.recurrent(gru, gruInputs)[0]
        for (a, b) in zip(out.doubles, expected.doubles) { #expect(abs(a - b) < 1e-5) }

        let float64 = Self.operands(batch: 2, time: 3, features: 2, units: 3, seed: 1).map { K.cast($0, .float64) }
        let out64 = openblas.recurrent(RecurrentParameters(cell: .lstm), float64)[0]
        #expect(out64.dtype == .float64)
        let expected64 = ReferenceBackend.shared.recurrent(RecurrentParameters(cell: .lstm), float64)[0]
        for (a, b) in zip(out64.doubles, expected64.doubles) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func fusedLayersMatchThePerStepPathOnOpenBLAS() throws {
        guard let openblas = BackendComparison.strictOpenBLAS()?.withFallback(.allow) else { return }
        for (seed, (label, layer, inputs)) in FusedRecurrentPathTests.cases(dtype: .float32).enumerated() {
            try ActiveBackend.withBackend(openblas) {
                _ = try layer(inputs)
                try FusedRecurrentPathTests.randomizeWeights(layer, seed: 30 + UInt64(seed) * 10)
                let fused = try FusedRecurrentPathTests.run(layer, inputs, fused: true)
                let stepped = try FusedRecurrentPathTests.run(layer, inputs, fused: false)
                FusedRecurrentPathTests.expectSame(fused.outputs, stepped.outputs, tolerance: 2e-5, "\(label) outputs")
                FusedRecurrentPathTests.expectSame(fused.gradients, stepped.gradients, tolerance: 1e-4, "\(label) gradients")
            }
        }
        // The LSTM cases trained through the workspace slots: no rerun of the forward.
        #expect(openblas.usage.contains { $0.kernel == .recurrentTraining && $0.native > 0 })
        #expect(openblas.usage.contains { $0.kernel == .recurrentBackwardWorkspace && $0.native > 0 })
    }
}
