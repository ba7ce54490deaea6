import Testing
@testable import Keras

/// The `onednn` plugin's max-pooling gradient (its own loop: a vectorised one for windows that
/// do not overlap, an accumulating one for windows that do) against the reference backend, bit
/// for bit, in strict mode: many ties (inputs on a coarse grid, as after a relu), vector and
/// scalar channel parts, cells outside every window, windows over padding, special values.
@Suite struct OneDNNMaxPoolGradientTests {
    /// (input, window, strides, padding before, padding after)
    static let geometries: [([Int], [Int], [Int], [Int], [Int])] = [
        ([3, 24, 24, 64], [2, 2], [2, 2], [0, 0], [0, 0]),        // the CNN's pooling, tiled exactly
        ([2, 7, 9, 20], [2, 2], [2, 2], [0, 0], [0, 0]),          // last row and column in no window; 16 + 4 channels
        ([2, 7, 5, 33], [3, 3], [3, 3], [1, 1], [1, 1]),          // same padding, disjoint windows
        ([1, 8, 9, 16], [2, 3], [3, 4], [0, 0], [0, 0]),          // strides beyond the window: gaps
        ([2, 11, 17], [3], [3], [0], [0]),                        // 1-D
        ([1, 4, 6, 4, 18], [2, 2, 2], [2, 2, 2], [0, 0, 0], [0, 0, 0]), // 3-D
        ([2, 6, 6, 24], [3, 3], [2, 2], [1, 1], [1, 1]),          // overlapping windows
        ([2, 5, 5, 3], [2, 2], [1, 1], [0, 0], [0, 0]),           // overlapping, few channels
    ]

    private func bits(_ t: Tensor) -> [UInt32] { t.scalars(as: Float.self).map(\.bitPattern) }

    @Test func gradientMatchesReferenceBitForBit() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        for (i, (xs, w, s, pb, pa)) in Self.geometries.enumerated() {
            let p = PoolingParameters(mode: .max, window: w, strides: s, paddingBefore: pb, paddingAfter: pa)
            // Values on a grid of 0.25 in [-1, 1], half of them clipped to 0: ties in most windows.
            let raw = randomTensor(xs, dtype: .float32, seed: UInt64(200 + i))
            let x = Tensor(raw.scalars(as: Float.self).map { max(0, ($0 * 4).rounded() / 4) }, shape: xs)
            let dy = randomTensor(p.outputShape(input: xs), dtype: .float32, seed: UInt64(300 + i))
            let expected = ReferenceBackend.shared.poolBackward(x, dy, p)
            let (got, violations) = FallbackMonitor.collectingViolations { onednn.poolBackward(x, dy, p) }
            #expect(violations.isEmpty, "#\(i): \(violations)")
            #expect(got.shape == xs)
            #expect(bits(got) == bits(expected), "geometry #\(i) \(xs) window \(w) strides \(s)")
            // Every window's gradient arrives once: the sums agree as well.
            #expect(abs(got.doubles.reduce(0, +) - expected.doubles.reduce(0, +)) < 1e-3)
        }
    }

    @Test(arguments: [1, 16, 20])
    func specialValuesAsTheReferenceRoutesThem(channels: Int) throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        // One 2×2 window per channel group of a (1, 2, 4) image: window 0 has NaN first (its
        // maximum is NaN: no cell gets the gradient), window 1 has NaN later (ignored), and the
        // gradients include -0 (arrives as +0), NaN and infinity.
        let windows: [[Float]] = [[.nan, 5, 1, 2], [1, .nan, 3, 3], [-0.0, 0, 0, -0.0], [-.infinity, -.infinity, -1, -2]]
        let gradients: [Float] = [2, 3, -0.0, .nan, .infinity, -1, -0.0, 4]
        for (a, b) in [(0, 1), (2, 3), (1, 2), (3, 0)] {
            var x = [Float](repeating: 0, count: 2 * 4 * channels)
            for c in 0..<channels {
                // Cell (h, w) of window q is at h * 4 + 2 q + w; the channel picks a pair of windows.
                let (left, right) = c % 2 == 0 ? (windows[a], windows[b]) : (windows[b], windows[a])
                for (q, cells) in [left, right].enumerated() {
                    for (k, v) in cells.enumerated() { x[((k / 2) * 4 + 2 * q + k % 2) * channels + c] = v }
                }
            }
            let xt = Tensor(x, shape: [1, 2, 4, channels])
            let dy = Tensor((0..<(2 * channels)).map { gradients[$0 % gradients.count] }, shape: [1, 1, 2, channels])
            let p = PoolingParameters(mode: .max, window: [2, 2], strides: [2, 2], paddingBefore: [0, 0], paddingAfter: [0, 0])
            let expected = ReferenceBackend.shared.poolBackward(xt, dy, p)
            let (got, violations) = FallbackMonitor.collectingViolations { onednn.poolBackward(xt, dy, p) }
            #expect(violations.isEmpty)
            #expect(bits(got) == bits(expected), "windows \(a), \(b), \(channels) channels")
        }
    }
}
