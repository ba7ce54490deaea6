import Testing
@testable import Keras
import KerasConformance

/// oneDNN's RNN primitives (vanilla, LSTM, lbr GRU) against the composed reference, forward and
/// backward, in strict mode; and the fused layers on oneDNN against their per-step path.
@Suite struct OneDNNRecurrentTests {
    static let claimed: [RecurrentParameters] = [
        RecurrentParameters(cell: .lstm), RecurrentParameters(cell: .lstm, goBackwards: true),
        RecurrentParameters(cell: .gru), RecurrentParameters(cell: .gru, goBackwards: true),
        RecurrentParameters(cell: .simple), RecurrentParameters(cell: .simple, goBackwards: true),
        RecurrentParameters(cell: .simple, activation: .relu), RecurrentParameters(cell: .simple, activation: .sigmoid),
    ]

    /// float32 operands: x (3, 6, 5), states (3, 4), weights for 4 units.
    static func operands(_ cell: RecurrentCell, seed: UInt64) -> [Tensor] {
        let (batch, time, features, units) = (3, 6, 5, 4)
        let gates = cell.gateCount * units
        let states = (0..<cell.stateCount).map { randomTensor([batch, units], dtype: .float32, seed: seed + 10 + UInt64($0)) }
        return [randomTensor([batch, time, features], dtype: .float32, seed: seed)] + states
            + [randomTensor([features, gates], dtype: .float32, low: -0.6, high: 0.6, seed: seed + 20),
               randomTensor([units, gates], dtype: .float32, low: -0.6, high: 0.6, seed: seed + 21),
               randomTensor(cell == .gru ? [2, gates] : [gates], dtype: .float32, seed: seed + 22)]
    }

    @Test(arguments: claimed)
    func forwardMatchesReference(_ p: RecurrentParameters) throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let inputs = Self.operands(p.cell, seed: 3)
        for k in 0...p.cell.stateCount {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "\(p) output \(k)") { $0.recurrent(p, inputs)[k] }
        }
        #expect(onednn.usage.contains { $0.kernel == .recurrent && $0.native > 0 }, "\(p): the plugin did not run it")
    }

    @Test(arguments: claimed)
    func backwardMatchesReference(_ p: RecurrentParameters) throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let (batch, time, units) = (3, 6, 4)
        let forward = Self.operands(p.cell, seed: 5)
        let cotangents = [randomTensor([batch, time, units], dtype: .float32, seed: 40)]
            + (0..<p.cell.stateCount).map { randomTensor([batch, units], dtype: .float32, seed: 41 + UInt64($0)) }
        for k in 0..<(4 + p.cell.stateCount) {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "\(p) gradient \(k)") {
                $0.recurrentBackward(p, forward + cotangents)[k]
            }
        }
        #expect(onednn.usage.contains { $0.kernel == .recurrentBackward && $0.native > 0 }, "\(p): the plugin did not run it")
    }

    /// Whether the plugin trains float32 LSTMs on the fused loops with the workspace slots (when
    /// oneDNN's own LSTM backward is its reference code, as with oneDNN 2.6 on AVX-512 CPUs).
    static func lstmTrainsThroughTheWorkspace(_ onednn: PluginBackend) -> Bool {
        let attributes = Dictionary(onednn.plugin.attributes.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        return attributes["onednn.lstm_training"]?.hasPrefix("fused kernels") == true
    }

    @Test(arguments: [RecurrentParameters(cell: .lstm), RecurrentParameters(cell: .lstm, goBackwards: true)])
    func trainingThroughTheWorkspaceMatchesReference(_ p: RecurrentParameters) throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let (batch, time, units) = (3, 6, 4)
        let forward = Self.operands(.lstm, seed: 7)
        let cotangents = [randomTensor([batch, time, units], dtype: .float32, seed: 50),
                          randomTensor([batch, units], dtype: .float32, seed: 51), randomTensor([batch, units], dtype: .float32, seed: 52)]
        let (outputs, workspace) = onednn.recurrentTraining(p, forward)
        guard Self.lstmTrainsThroughTheWorkspace(onednn) else {
            #expect(workspace == nil, "oneDNN's own LSTM runs here: the workspace slots must decline")
            return
        }
        let ws = try #require(workspace, "the fused LSTM's training forward gave no workspace")
        let expected = ReferenceBackend.shared.recurrent(p, forward)
        for (k, (got, want)) in zip(outputs, expected).enumerated() {
            #expect(got.shape == want.shape)
            let worst = zip(got.doubles, want.doubles).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            #expect(worst <= 1e-5, "\(p) training output \(k): off by \(worst)")
        }
        for k in 0..<6 {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "\(p) gradient \(k) from the workspace") { backend in
                backend is PluginBackend ? backend.recurrentBackward(p, forward + cotangents, workspace: ws)[k]
                    : backend.recurrentBackward(p, forward + cotangents)[k]
            }
        }
        #expect(onednn.usage.contains { $0.kernel == .recurrentTraining && $0.native > 0 })
        #expect(onednn.usage.contains { $0.kernel == .recurrentBackwardWorkspace && $0.native > 0 })
    }

    @Test func float64IsLeftToTheComposition() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let inputs = Self.operands(.lstm, seed: 3).map { K.cast($0, .float64) }
        let (out, _) = FallbackMonitor.collectingViolations { onednn.recurrent(RecurrentParameters(cell: .lstm), inputs) }
        let expected = ReferenceBackend.shared.recurrent(RecurrentParameters(cell: .lstm), inputs)
        #expect(out[0].dtype == .float64)
        for (a, b) in zip(out[0].doubles, expected[0].doubles) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func fusedLayersMatchThePerStepPathOnOneDNN() throws {
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        for (seed, (label, layer, inputs)) in FusedRecurrentPathTests.cases(dtype: .float32).enumerated() {
            try ActiveBackend.withBackend(onednn) {
                _ = try layer(inputs)
                try FusedRecurrentPathTests.randomizeWeights(layer, seed: 30 + UInt64(seed) * 10)
                let fused = try FusedRecurrentPathTests.run(layer, inputs, fused: true)
                let stepped = try FusedRecurrentPathTests.run(layer, inputs, fused: false)
                FusedRecurrentPathTests.expectSame(fused.outputs, stepped.outputs, tolerance: 2e-5, "\(label) outputs")
                FusedRecurrentPathTests.expectSame(fused.gradients, stepped.gradients, tolerance: 1e-4, "\(label) gradients")
            }
        }
        #expect(onednn.usage.contains { $0.kernel == .recurrentBackward && $0.native > 0 })   // GRU, SimpleRNN
        if Self.lstmTrainsThroughTheWorkspace(onednn) {
            // The LSTM cases trained through the workspace slots: no rerun of the forward.
            #expect(onednn.usage.contains { $0.kernel == .recurrentTraining && $0.native > 0 })
            #expect(onednn.usage.contains { $0.kernel == .recurrentBackwardWorkspace && $0.native > 0 })
        }
    }

    @Test func recurrentGoldenLayerCasesPassOnPluginBackends() throws {
        let recurrent: Set<String> = ["LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional"]
        let cases = GoldenLayerCasesTests.cases.filter { !GoldenLayerCasesTests.layerClasses(in: $0.json).isDisjoint(with: recurrent) }
        #expect(!cases.isEmpty)
        var backends: [any Backend] = []
        if let onednn = BackendComparison.lenientOneDNN() { backends.append(onednn) }
        if let openblas = BackendComparison.strictOpenBLAS()?.withFallback(.allow) { backends.append(openblas) }
        for backend in backends {
            for golden in cases {
                let outcome = ActiveBackend.withBackend(backend) { ConformanceRunner.outcome(of: golden) }
                #expect(outcome == .passed, "\(golden.id) on \(backend.name): \(outcome)")
            }
        }
    }
}
