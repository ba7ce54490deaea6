import KerasPluginKit

/// `antirectifier_native`: the antirectifier as one fused float32 kernel over rows, with its
/// own backward kernel (the vector-Jacobian product), for `(batch, n)` → `(batch, 2n)`.
///
/// Forward per row: `c = x - mean(x)`, `y = c / sqrt(max(Σc², 1e-12))` (Keras's l2_normalize),
/// output `[max(y, 0), max(-y, 0)]`. Backward per row, with upstream `[gp, gn]`:
/// `gy = gp·[y > 0] - gn·[y < 0]`; `gc = (gy - y·(y·gy)) / n` (just `gy / n` where the norm is
/// floored); `gx = gc - mean(gc)`.
let antirectifierNative = NativeOp(
    "antirectifier_native", inputs: 1, outputs: 1,
    infer: { shapes, _ in
        let s = shapes[0]
        guard s.rank == 2, s.dtype == .float32 else {
            throw KernelError.invalidArgument("antirectifier_native takes one 2-D float32 tensor, received \(s) \(s.dtype)")
        }
        return [TensorShape([s[0], s[1].map { 2 * $0 }], dtype: .float32)]
    },
    forward: { inputs, outputs, _ in
        let x = inputs[0], out = outputs[0]
        let (rows, n) = (x.dimension(0), x.dimension(1))
        let src = x.pointer(as: Float.self), dst = out.pointer(as: Float.self)
        var y = [Float](repeating: 0, count: n)
        for r in 0..<rows {
            normalisedRow(src + r * n, n, into: &y)
            for j in 0..<n {
                dst[r * 2 * n + j] = max(y[j], 0)
                dst[r * 2 * n + n + j] = max(-y[j], 0)
            }
        }
    },
    backward: { tensors, gradients, _ in
        // tensors: x, the forward's output, the upstream gradient of the output.
        let x = tensors[0], upstream = tensors[2], gx = gradients[0]
        let (rows, n) = (x.dimension(0), x.dimension(1))
        let src = x.pointer(as: Float.self), g = upstream.pointer(as: Float.self), dst = gx.pointer(as: Float.self)
        var y = [Float](repeating: 0, count: n), gy = [Float](repeating: 0, count: n)
        for r in 0..<rows {
            let (norm, floored) = normalisedRow(src + r * n, n, into: &y)
            var dotYG: Float = 0
            for j in 0..<n {
                gy[j] = (y[j] > 0 ? g[r * 2 * n + j] : 0) - (y[j] < 0 ? g[r * 2 * n + n + j] : 0)
                dotYG += y[j] * gy[j]
            }
            var mean: Float = 0
            for j in 0..<n {
                gy[j] = floored ? gy[j] / norm : (gy[j] - y[j] * dotYG) / norm
                mean += gy[j]
            }
            mean /= Float(n)
            for j in 0..<n { dst[r * n + j] = gy[j] - mean }
        }
    })

/// Centres and L2-normalises one row into `y`; returns the norm used and whether it was floored.
@discardableResult
private func normalisedRow(_ row: UnsafeMutablePointer<Float>, _ n: Int, into y: inout [Float]) -> (norm: Float, floored: Bool) {
    var mean: Float = 0
    for j in 0..<n { mean += row[j] }
    mean /= Float(n)
    var squares: Float = 0
    for j in 0..<n {
        y[j] = row[j] - mean
        squares += y[j] * y[j]
    }
    let floored = squares < 1e-12
    let norm = Float(max(squares, 1e-12)).squareRoot()
    for j in 0..<n { y[j] /= norm }
    return (norm, floored)
}
