import Dispatch
import KerasPluginKit

/// The max-pooling gradient as a direct loop: each window's `dy` goes to the first maximum of
/// the window in `x` (row-major window order, padding never wins), as the reference does.
///
/// oneDNN's max-pooling backward needs the training forward's workspace, and the plugin ABI
/// cannot carry it from the forward call to the backward one, so the oneDNN route reran the
/// training forward inside the backward: on the CNN workload's (128, 24, 24, 64) pooling that
/// rerun (9 ms, with its scratch output and workspace) cost more than the backward primitive
/// (5.4 ms). This loop reads `x` once and finds the maxima itself, vectorised across channels,
/// with the batch split over the host's threads.
enum MaxPoolGradient {
    static func run(_ x: TensorView, _ dy: TensorView, _ p: PoolingParameters, _ dx: TensorView) {
        let g = Geometry(x.shape, dy.shape, p)
        // Each worker writes only its own samples of dx (windows never cross samples).
        nonisolated(unsafe) let px = UnsafePointer(x.pointer(as: Float.self)), pdy = UnsafePointer(dy.pointer(as: Float.self))
        nonisolated(unsafe) let pdx = dx.pointer(as: Float.self)
        pdx.update(repeating: 0, count: dx.count)
        let batch = g.input[0]
        let workers = max(1, min(ThreadCount.current, batch))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let best = UnsafeMutablePointer<Float>.allocate(capacity: g.channels)
            let where_ = UnsafeMutablePointer<Int>.allocate(capacity: g.channels)
            defer { best.deallocate(); where_.deallocate() }
            for n in stride(from: worker, to: batch, by: workers) {
                g.sample(n, px, pdy, pdx, best, where_)
            }
        }
    }

    /// Pooling geometry padded to three spatial axes (size 1, window 1, stride 1 for missing ones).
    private struct Geometry {
        let input: [Int], output: [Int]   // (batch, d, h, w) each
        let window: [Int], strides: [Int], before: [Int]
        let channels: Int

        init(_ x: [Int], _ y: [Int], _ p: PoolingParameters) {
            let missing = 3 - p.spatialRank
            let ones = [Int](repeating: 1, count: missing)
            input = [x[0]] + ones + x[1..<(x.count - 1)]
            output = [y[0]] + ones + y[1..<(y.count - 1)]
            window = ones + p.window
            strides = ones + p.strides
            before = [Int](repeating: 0, count: missing) + p.paddingBefore
            channels = x[x.count - 1]
        }

        /// Routes one sample's gradient.
        func sample(_ n: Int, _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                    _ best: UnsafeMutablePointer<Float>, _ where_: UnsafeMutablePointer<Int>) {
            let c = channels
            let inputSample = input[1] * input[2] * input[3] * c
            var o = n * output[1] * output[2] * output[3] * c
            for od in 0..<output[1] {
                for oh in 0..<output[2] {
                    for ow in 0..<output[3] {
                        var found = false
                        for kd in 0..<window[0] {
                            let d = od * strides[0] - before[0] + kd
                            guard d >= 0 && d < input[1] else { continue }
                            for kh in 0..<window[1] {
                                let h = oh * strides[1] - before[1] + kh
                                guard h >= 0 && h < input[2] else { continue }
                                for kw in 0..<window[2] {
                                    let w = ow * strides[2] - before[2] + kw
                                    guard w >= 0 && w < input[3] else { continue }
                                    let base = n * inputSample + ((d * input[2] + h) * input[3] + w) * c
                                    if found {
                                        for j in 0..<c where x[base + j] > best[j] {
                                            best[j] = x[base + j]
                                            where_[j] = base + j
                                        }
                                    } else {
                                        for j in 0..<c {
                                            best[j] = x[base + j]
                                            where_[j] = base + j
                                        }
                                        found = true
                                    }
                                }
                            }
                        }
                        if found {
                            for j in 0..<c { dx[where_[j]] += dy[o + j] }
                        }
                        o += c
                    }
                }
            }
        }
    }
}
