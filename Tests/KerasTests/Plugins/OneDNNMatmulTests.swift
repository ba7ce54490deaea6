import Testing
@testable import Keras

/// The `onednn` plugin's matrix products against the reference backend on random inputs, in
/// strict mode: every case here is one the plugin claims, so nothing may fall back.
@Suite struct OneDNNMatmulTests {
    @Test func matmulInEveryTransposeFormMatchesReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = randomTensor(ta ? [37, 23] : [23, 37], dtype: .float32, seed: 1)
            let b = randomTensor(tb ? [19, 37] : [37, 19], dtype: .float32, seed: 2)
            BackendComparison.expectAgreement(onednn, "matmul tA=\(ta) tB=\(tb)") {
                $0.matmul(a, b, transposeA: ta, transposeB: tb)
            }
        }
    }

    @Test func batchedMatmulWithBroadcastingMatchesReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let cases: [([Int], [Int], Bool, Bool)] = [
            ([4, 5, 6], [4, 6, 3], false, false),      // plain batch
            ([2, 3, 5, 6], [6, 7], false, false),      // b has no batch
            ([2, 3, 6, 5], [6, 7], true, false),       // ... and a transposed
            ([5, 6], [3, 6, 4], false, false),         // a broadcast over b's batch
            ([2, 1, 5, 6], [1, 3, 4, 6], false, true), // both broadcast
            ([3, 4, 0], [3, 0, 2], false, false),      // K = 0: zeros
            ([0, 4, 5], [5, 2], false, false),         // empty batch
        ]
        for (i, (sa, sb, ta, tb)) in cases.enumerated() {
            let a = randomTensor(sa, dtype: .float32, seed: UInt64(10 + i))
            let b = randomTensor(sb, dtype: .float32, seed: UInt64(20 + i))
            BackendComparison.expectAgreement(onednn, "matmul \(sa) · \(sb)") {
                $0.matmul(a, b, transposeA: ta, transposeB: tb)
            }
        }
    }

    @Test func denseLinearWithAndWithoutBiasMatchesReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = randomTensor([3, 4, 17], dtype: .float32, seed: 3)
        let w = randomTensor([17, 9], dtype: .float32, seed: 4)
        let bias = randomTensor([9], dtype: .float32, seed: 5)
        BackendComparison.expectAgreement(onednn, "linear+bias") { $0.linear(x, weight: w, bias: bias) }
        BackendComparison.expectAgreement(onednn, "linear") { $0.linear(x, weight: w, bias: nil) }
    }

    @Test func fewRowsRunOnSgemmAndMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let w = randomTensor([17, 9], dtype: .float32, seed: 4)
        let bias = randomTensor([9], dtype: .float32, seed: 5)
        for rows in 1...6 {   // the plugin runs up to 4 rows on dnnl_sgemm, more on the matmul primitive
            let x = randomTensor([rows, 17], dtype: .float32, low: -2, high: 2, seed: UInt64(30 + rows))
            BackendComparison.expectAgreement(onednn, "linear, \(rows) rows") { $0.linear(x, weight: w, bias: bias) }
            BackendComparison.expectAgreement(onednn, "linear+relu, \(rows) rows") {
                $0.linearActivation(x, weight: w, bias: bias, ActivationParameters(op: .relu))
            }
        }
    }

    @Test func denseReluKeepsNaNWithoutFallingBack() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let w = randomTensor([4, 3], dtype: .float32, seed: 6)
        for rows in [1, 9] {
            var values = randomTensor([rows, 4], dtype: .float32, seed: 7).doubles
            values[1] = .nan
            let x = Tensor(values, shape: [rows, 4], dtype: .float32)
            let (y, violations) = FallbackMonitor.collectingViolations {
                onednn.linearActivation(x, weight: w, bias: nil, ActivationParameters(op: .relu))
            }
            #expect(violations.isEmpty)
            let firstRow = y.doubles.prefix(3)
            #expect(firstRow.allSatisfy { $0.isNaN }, "\(rows) rows: relu of a NaN product is \(y.doubles.prefix(3))")
            #expect(y.doubles.dropFirst(3).allSatisfy { !$0.isNaN && $0 >= 0 })
        }
    }

    @Test func float64MatmulFallsBackVisibly() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let a = randomTensor([3, 4], dtype: .float64, seed: 6)
        let (product, violations) = FallbackMonitor.collectingViolations { onednn.matmul(a, a, transposeA: false, transposeB: true) }
        #expect(violations.map(\.op) == ["matmul"])
        #expect(violations.first?.reason == "declined by its supports query")
        #expect(product.shape == [3, 3])
    }

    @Test func denseGradientsThroughKMatchReference() throws {
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        let x = randomTensor([5, 7], dtype: .float32, seed: 7)
        let w = randomTensor([7, 3], dtype: .float32, seed: 8)
        for index in 0..<2 {
            BackendComparison.expectAgreement(onednn, "gradient \(index)") { backend in
                BackendComparison.gradients(on: backend, of: [x, w]) { K.sum(K.square(K.dot($0[0], $0[1]))) }[index]
            }
        }
    }
}
