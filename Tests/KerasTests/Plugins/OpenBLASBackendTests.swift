import Testing
@testable import Keras

/// The `openblas` plugin against the reference backend on random inputs, in strict mode: every
/// case here is one the plugin claims, so nothing may fall back.
@Suite struct OpenBLASBackendTests {
    @Test func reportsVersionsAndOpenBLASFacts() throws {
        guard let backend = BackendComparison.strictOpenBLAS() else { return }
        let attributes = Dictionary(uniqueKeysWithValues: backend.plugin.attributes.map { ($0.key, $0.value) })
        #expect(backend.plugin.name == "KerasOpenBLAS")
        #expect(backend.plugin.abiVersion == ABIVersion.host)
        #expect(attributes["plugin.version"] == backend.plugin.version)
        #expect(attributes["plugin.abi"] == "\(ABIVersion.host)")
        #expect(attributes["openblas.config"]?.hasPrefix("OpenBLAS") == true)
        #expect(!(attributes["openblas.core"] ?? "").isEmpty)
    }

    @Test func autoPicksOneDNNThenOpenBLAS() throws {
        guard BackendComparison.strictOpenBLAS() != nil else { return }
        let oneDNNLoads = (try? BackendRegistry.backend(named: "onednn")) != nil
        let order = oneDNNLoads ? ["reference", "onednn", "openblas"] : ["reference", "openblas"]
        #expect(BackendRegistry.bestAvailable().name == order[1])
        #expect(Array(BackendRegistry.availableNames.prefix(order.count)) == order)
    }

    @Test(arguments: [DType.float32, .float64])
    func matmulInEveryTransposeFormMatchesReference(dtype: DType) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = randomTensor(ta ? [37, 23] : [23, 37], dtype: dtype, seed: 1)
            let b = randomTensor(tb ? [19, 37] : [37, 19], dtype: dtype, seed: 2)
            BackendComparison.expectAgreement(openblas, "matmul \(dtype) tA=\(ta) tB=\(tb)") {
                $0.matmul(a, b, transposeA: ta, transposeB: tb)
            }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func batchedMatmulWithBroadcastingMatchesReference(dtype: DType) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let cases: [([Int], [Int], Bool, Bool)] = [
            ([4, 5, 6], [4, 6, 3], false, false),      // plain batch
            ([2, 3, 5, 6], [6, 7], false, false),      // b has no batch: one tall GEMM
            ([2, 3, 6, 5], [6, 7], true, false),       // ... but a transposed: per matrix
            ([5, 6], [3, 6, 4], false, false),         // a broadcast over b's batch
            ([2, 1, 5, 6], [1, 3, 4, 6], false, true), // both broadcast
            ([3, 4, 0], [3, 0, 2], false, false),      // K = 0: zeros
            ([0, 4, 5], [5, 2], false, false),         // empty batch
        ]
        for (i, (sa, sb, ta, tb)) in cases.enumerated() {
            let a = randomTensor(sa, dtype: dtype, seed: UInt64(10 + i))
            let b = randomTensor(sb, dtype: dtype, seed: UInt64(20 + i))
            BackendComparison.expectAgreement(openblas, "matmul \(sa) · \(sb)") {
                $0.matmul(a, b, transposeA: ta, transposeB: tb)
            }
        }
    }

    @Test func denseLinearWithAndWithoutBiasMatchesReference() throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        for dtype in [DType.float32, .float64] {
            let x = randomTensor([3, 4, 17], dtype: dtype, seed: 3)
            let w = randomTensor([17, 9], dtype: dtype, seed: 4)
            let bias = randomTensor([9], dtype: dtype, seed: 5)
            BackendComparison.expectAgreement(openblas, "linear+bias \(dtype)") { $0.linear(x, weight: w, bias: bias) }
            BackendComparison.expectAgreement(openblas, "linear \(dtype)") { $0.linear(x, weight: w, bias: nil) }
        }
    }

    @Test func kDotAndBatchDotOnOpenBLASMatchReference() throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let x = randomTensor([4, 3, 5], dtype: .float32, seed: 6)
        let y = randomTensor([5, 6], dtype: .float32, seed: 7)
        let y3 = randomTensor([2, 5, 6], dtype: .float32, seed: 8)
        let z = randomTensor([4, 5, 3], dtype: .float32, seed: 9)
        BackendComparison.expectAgreement(openblas, "K.dot 3-D · 2-D") { b in ActiveBackend.withBackend(b) { K.dot(x, y) } }
        BackendComparison.expectAgreement(openblas, "K.batchDot") { b in
            ActiveBackend.withBackend(b) { K.batchDot(x, z, axes: [2, 1]) }
        }
        // N-D y: K.dot transposes y with a layout kernel the plugin does not claim.
        let (_, violations) = FallbackMonitor.collectingViolations {
            ActiveBackend.withBackend(openblas) { _ = K.dot(x, y3) }
        }
        #expect(violations.map(\.op) == ["transpose"])
    }

    /// (input, kernel, strides, dilations, padding before, padding after, groups)
    static let convolutions: [([Int], [Int], [Int], [Int], [Int], [Int], Int)] = [
        ([2, 9, 3], [3, 3, 4], [1], [1], [1], [1], 1),                                 // 1-D, same
        ([2, 7, 8, 3], [3, 3, 3, 5], [1, 1], [1, 1], [0, 0], [0, 0], 1),                // 2-D, valid
        ([1, 9, 10, 4], [3, 2, 4, 6], [2, 3], [1, 1], [1, 0], [1, 1], 1),               // strides, uneven pad
        ([2, 9, 9, 2], [3, 3, 2, 3], [1, 1], [2, 2], [2, 2], [2, 2], 1),                // dilation
        ([2, 6, 6, 4], [3, 3, 2, 6], [1, 1], [1, 1], [1, 1], [1, 1], 2),                // groups
        ([2, 5, 5, 4], [3, 3, 1, 8], [1, 1], [1, 1], [1, 1], [1, 1], 4),                // depthwise ×2
        ([3, 5, 6, 7], [1, 1, 7, 4], [1, 1], [1, 1], [0, 0], [0, 0], 1),                // pointwise
        ([1, 4, 5, 6, 2], [2, 3, 2, 2, 3], [1, 2, 1], [1, 1, 1], [0, 1, 1], [1, 1, 0], 1), // 3-D
    ]

    @Test(arguments: [DType.float32, .float64])
    func convolutionAndBothGradientsMatchReference(dtype: DType) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        for (i, (xs, ks, s, d, pb, pa, g)) in Self.convolutions.enumerated() {
            let p = ConvolutionParameters(strides: s, dilations: d, paddingBefore: pb, paddingAfter: pa, groups: g)
            let x = randomTensor(xs, dtype: dtype, seed: UInt64(30 + i))
            let k = randomTensor(ks, dtype: dtype, seed: UInt64(40 + i))
            let dy = randomTensor(p.outputShape(input: xs, kernel: ks), dtype: dtype, seed: UInt64(50 + i))
            BackendComparison.expectAgreement(openblas, "conv #\(i) forward") { $0.convolution(x, kernel: k, p) }
            BackendComparison.expectAgreement(openblas, "conv #\(i) backward input") {
                $0.convolutionBackwardInput(dy, kernel: k, inputShape: xs, p)
            }
            BackendComparison.expectAgreement(openblas, "conv #\(i) backward kernel") {
                $0.convolutionBackwardKernel(x, dy, kernelShape: ks, p)
            }
        }
    }

    @Test func broadcastingArithmeticMatchesReference() throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let shapes: [([Int], [Int])] = [([4, 5], [4, 5]), ([3, 4, 5], [5]), ([5], [3, 4, 5]), ([3, 4], []), ([], [6]), ([2, 3, 4], [1, 3, 4])]
        for (sa, sb) in shapes {
            for dtype in [DType.float32, .float64] {
                let a = randomTensor(sa, dtype: dtype, seed: 60)
                let b = randomTensor(sb, dtype: dtype, low: 0.5, high: 2, seed: 61)
                for op in [BinaryOp.add, .subtract, .multiply, .divide, .maximum, .minimum] {
                    BackendComparison.expectAgreement(openblas, "\(op) \(sa) \(sb) \(dtype)") { $0.binary(op, a, b) }
                }
            }
        }
        // NaN wins in maximum and minimum, whichever side it is on.
        let withNaN = Tensor([Float.nan, 1, 2], shape: [3])
        let other = Tensor([0, Float.nan, 3], shape: [3])
        let maxima = openblas.binary(.maximum, withNaN, other).scalars(as: Float.self)
        #expect(maxima[0].isNaN && maxima[1].isNaN && maxima[2] == 3)
    }

    @Test func sumsAndMeansOverLeadingOrTrailingAxesMatchReference() throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let x = randomTensor([6, 5, 7], dtype: .float32, seed: 70)
        for axes in [[0], [0, 1], [2], [1, 2]] {
            for op in [ReduceOp.sum, .mean] {
                for keep in [false, true] {
                    BackendComparison.expectAgreement(openblas, "\(op) \(axes) keepDims \(keep)") {
                        $0.reduce(op, x, axes: axes, keepDims: keep)
                    }
                }
            }
        }
        // A full reduction and one over a middle axis are left to the reference backend.
        let (_, violations) = FallbackMonitor.collectingViolations {
            _ = openblas.reduce(.sum, x, axes: [0, 1, 2], keepDims: false)
            _ = openblas.reduce(.sum, x, axes: [1], keepDims: false)
        }
        #expect(violations.map(\.reason) == ["declined by its supports query", "UNIMPLEMENTED: sum over inner axes [1] of [6, 5, 7]"])
    }
}
