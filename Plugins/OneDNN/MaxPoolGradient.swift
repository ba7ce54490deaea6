import COneDNNLoops
import KerasPluginKit

/// The max-pooling gradient as a direct loop: each window's `dy` goes to the first maximum of
/// the window in `x` (row-major window order, padding never wins), as the reference does — a
/// window whose first cell is NaN has a NaN maximum that no cell equals, so its gradient is
/// dropped there too, and a routed `-0` arrives as `0 + -0 = +0`.
///
/// oneDNN's max-pooling backward needs the training forward's workspace, and the plugin ABI
/// cannot carry it from the forward call to the backward one, so the oneDNN route reran the
/// training forward inside the backward: on the CNN workload's (128, 24, 24, 64) pooling that
/// rerun (9 ms, with its scratch output and workspace) cost more than the backward primitive
/// (5.4 ms). This loop reads `x` once and finds the maxima itself, with the batch split over
/// the host's threads (oneDNN's OpenMP threads, ``OpenMPLoops``).
///
/// Windows that do not overlap (stride ≥ window on every axis: the usual `MaxPooling2D`) take
/// ``Geometry/tiles``: per window, `onednn_max_pool_gradient_window` (C, vectorised across
/// channels, AVX-512 where the CPU has it) writes each input cell once (the gradient or 0), and
/// there is no zeroing pass unless some cells lie outside every window. Overlapping
/// windows accumulate through ``Geometry/sample``.
enum MaxPoolGradient {
    static func run(_ x: TensorView, _ dy: TensorView, _ p: PoolingParameters, _ dx: TensorView) {
        let g = Geometry(x.shape, dy.shape, p)
        // Each worker writes only its own samples of dx (windows never cross samples).
        nonisolated(unsafe) let px = UnsafePointer(x.pointer(as: Float.self)), pdy = UnsafePointer(dy.pointer(as: Float.self))
        nonisolated(unsafe) let pdx = dx.pointer(as: Float.self)
        let disjoint = g.windowsAreDisjoint
        OpenMPLoops.forEachChunk(g.input[0]) { samples in
            let best = UnsafeMutablePointer<Float>.allocate(capacity: g.channels)
            let where_ = UnsafeMutablePointer<Int>.allocate(capacity: g.channels)
            let cells = UnsafeMutablePointer<Int64>.allocate(capacity: g.windowCells)
            let first = UnsafeMutablePointer<Int32>.allocate(capacity: g.channels)
            defer { best.deallocate(); where_.deallocate(); cells.deallocate(); first.deallocate() }
            for n in samples {
                if disjoint {
                    g.tiles(n, px, pdy, pdx, cells, best, first)
                } else {
                    (pdx + n * g.inputSample).update(repeating: 0, count: g.inputSample)
                    g.sample(n, px, pdy, pdx, cells, best, where_)
                }
            }
        }
    }

    /// Pooling geometry padded to three spatial axes (size 1, window 1, stride 1 for missing ones).
    private struct Geometry {
        let input: [Int], output: [Int]   // (batch, d, h, w) each
        let window: [Int], strides: [Int], before: [Int]
        let channels: Int
        /// Elements of one sample of `x` (and `dx`).
        let inputSample: Int
        /// Cells of a window.
        let windowCells: Int
        /// No input cell lies in two windows.
        let windowsAreDisjoint: Bool
        /// Every input cell lies in some window (so the tiles write all of `dx`).
        let windowsCoverInput: Bool

        init(_ x: [Int], _ y: [Int], _ p: PoolingParameters) {
            let missing = 3 - p.spatialRank
            let ones = [Int](repeating: 1, count: missing)
            input = [x[0]] + ones + x[1..<(x.count - 1)]
            output = [y[0]] + ones + y[1..<(y.count - 1)]
            window = ones + p.window
            strides = ones + p.strides
            before = [Int](repeating: 0, count: missing) + p.paddingBefore
            channels = x[x.count - 1]
            inputSample = input[1] * input[2] * input[3] * channels
            windowCells = window[0] * window[1] * window[2]
            // Disjoint windows cover the input when they tile it: stride = window, the first
            // window starting at cell 0 (no padding before) and the last reaching the end.
            var disjoint = true, cover = true
            for a in 0..<3 {
                disjoint = disjoint && strides[a] >= window[a]
                cover = cover && strides[a] == window[a] && before[a] == 0 && output[a + 1] * strides[a] >= input[a + 1]
            }
            windowsAreDisjoint = disjoint
            windowsCoverInput = cover
        }

        /// Calls `body(o, count)` for each window of sample `n`, in output order: `o` is the
        /// window's first element in `dy`, and `cells[0..<count]` the flat offsets in `x` of its
        /// valid cells (padding left out), in row-major window order.
        @inline(__always)
        func forEachWindow(_ n: Int, _ cells: UnsafeMutablePointer<Int64>, _ body: (_ o: Int, _ count: Int) -> Void) {
            let c = channels
            let sampleBase = n * inputSample
            var o = n * output[1] * output[2] * output[3] * c
            for od in 0..<output[1] {
                for oh in 0..<output[2] {
                    for ow in 0..<output[3] {
                        var count = 0
                        for kd in 0..<window[0] {
                            let d = od * strides[0] - before[0] + kd
                            guard d >= 0 && d < input[1] else { continue }
                            for kh in 0..<window[1] {
                                let h = oh * strides[1] - before[1] + kh
                                guard h >= 0 && h < input[2] else { continue }
                                for kw in 0..<window[2] {
                                    let w = ow * strides[2] - before[2] + kw
                                    guard w >= 0 && w < input[3] else { continue }
                                    cells[count] = Int64(sampleBase + ((d * input[2] + h) * input[3] + w) * c)
                                    count += 1
                                }
                            }
                        }
                        body(o, count)
                        o += c
                    }
                }
            }
        }

        /// Routes one sample's gradient when windows are disjoint: the C loop per window
        /// (`best` and `first` are its scratch).
        func tiles(_ n: Int, _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                   _ cells: UnsafeMutablePointer<Int64>, _ best: UnsafeMutablePointer<Float>, _ first: UnsafeMutablePointer<Int32>) {
            let c = Int64(channels)
            if !windowsCoverInput { (dx + n * inputSample).update(repeating: 0, count: inputSample) }
            forEachWindow(n, cells) { o, count in
                if count > 0 { onednn_max_pool_gradient_window(x, dy + o, dx, cells, Int64(count), c, best, first) }
            }
        }

        /// Routes one sample's gradient, adding into `dx` (zeroed by the caller): windows may
        /// overlap.
        func sample(_ n: Int, _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                    _ cells: UnsafeMutablePointer<Int64>, _ best: UnsafeMutablePointer<Float>, _ where_: UnsafeMutablePointer<Int>) {
            let c = channels
            forEachWindow(n, cells) { o, count in
                guard count > 0 else { return }
                let first = Int(cells[0])
                for j in 0..<c {
                    best[j] = x[first + j]
                    where_[j] = first + j
                }
                for k in 1..<count {
                    let base = Int(cells[k])
                    for j in 0..<c where x[base + j] > best[j] {
                        best[j] = x[base + j]
                        where_[j] = base + j
                    }
                }
                for j in 0..<c where !best[j].isNaN { dx[where_[j]] += dy[o + j] }
            }
        }
    }
}
