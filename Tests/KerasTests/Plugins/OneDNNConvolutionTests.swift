import Testing
@testable import Keras

/// The `onednn` plugin's convolutions and pooling against the reference backend on random
/// inputs, in strict mode (nothing here may fall back), and their gradients through K.
@Suite struct OneDNNConvolutionTests {
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
        ([2, 12, 12, 32], [3, 3, 32, 64], [1, 1], [1, 1], [1, 1], [1, 1], 1),          // JIT-sized, blocked weights
        ([0, 5, 5, 2], [3, 3, 2, 3], [1, 1], [1, 1], [1, 1], [1, 1], 1),                // empty batch
    ]

    @Test func convolutionAndBothGradientsMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        for (i, (xs, ks, s, d, pb, pa, g)) in Self.convolutions.enumerated() {
            let p = ConvolutionParameters(strides: s, dilations: d, paddingBefore: pb, paddingAfter: pa, groups: g)
            let x = randomTensor(xs, dtype: .float32, seed: UInt64(30 + i))
            let k = randomTensor(ks, dtype: .float32, seed: UInt64(40 + i))
            let dy = randomTensor(p.outputShape(input: xs, kernel: ks), dtype: .float32, seed: UInt64(50 + i))
            BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "conv #\(i) forward") { $0.convolution(x, kernel: k, p) }
            BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "conv #\(i) backward input") {
                $0.convolutionBackwardInput(dy, kernel: k, inputShape: xs, p)
            }
            BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "conv #\(i) backward kernel") {
                $0.convolutionBackwardKernel(x, dy, kernelShape: ks, p)
            }
        }
    }

    @Test func conv2DGradientsThroughKMatchReference() throws {
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        let x = randomTensor([2, 6, 7, 3], dtype: .float32, seed: 80)
        let k = randomTensor([3, 3, 3, 4], dtype: .float32, seed: 81)
        for index in 0..<2 {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-4, "conv2d gradient \(index)") { backend in
                BackendComparison.gradients(on: backend, of: [x, k]) {
                    K.sum(K.square(K.conv2d($0[0], $0[1], strides: (2, 1), padding: .same)))
                }[index]
            }
        }
    }

    /// (input, window, strides, padding before, padding after)
    static let poolings: [([Int], [Int], [Int], [Int], [Int])] = [
        ([2, 8, 3], [2], [2], [0], [0]),                          // 1-D
        ([2, 6, 6, 3], [2, 2], [2, 2], [0, 0], [0, 0]),           // 2-D, valid
        ([1, 7, 5, 2], [3, 3], [2, 2], [1, 1], [1, 1]),           // same: windows over padding
        ([2, 5, 5, 4], [3, 3], [1, 1], [1, 1], [1, 1]),           // overlapping windows
        ([1, 4, 6, 4, 2], [2, 2, 2], [2, 2, 2], [0, 0, 0], [0, 0, 0]), // 3-D
    ]

    @Test(arguments: [PoolMode.max, .average])
    func poolingAndItsGradientMatchReference(mode: PoolMode) throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        for (i, (xs, w, s, pb, pa)) in Self.poolings.enumerated() {
            let p = PoolingParameters(mode: mode, window: w, strides: s, paddingBefore: pb, paddingAfter: pa)
            let x = randomTensor(xs, dtype: .float32, seed: UInt64(60 + i))
            let dy = randomTensor(p.outputShape(input: xs), dtype: .float32, seed: UInt64(70 + i))
            BackendComparison.expectAgreement(onednn, "\(mode) pool #\(i) forward") { $0.pool(x, p) }
            BackendComparison.expectAgreement(onednn, "\(mode) pool #\(i) backward") { $0.poolBackward(x, dy, p) }
        }
    }

    @Test func maxPoolingGradientGoesToTheFirstOfTiedMaxima() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        // After a relu most of a window is 0: ties everywhere.
        let x = Tensor([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0] as [Float], shape: [1, 4, 4, 1])
        let p = PoolingParameters(mode: .max, window: [2, 2], strides: [2, 2], paddingBefore: [0, 0], paddingAfter: [0, 0])
        let dy = Tensor([1, 2, 3, 4] as [Float], shape: [1, 2, 2, 1])
        let expected: [Float] = [0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 0]
        #expect(ReferenceBackend.shared.poolBackward(x, dy, p).scalars(as: Float.self) == expected)
        let (got, violations) = FallbackMonitor.collectingViolations { onednn.poolBackward(x, dy, p) }
        #expect(violations.isEmpty)
        #expect(got.scalars(as: Float.self) == expected)
    }
}
