import Foundation
import KerasPluginKit

/// Where oneDNN's x86 kernels differ from TensorFlow on special values, and how the plugin keeps
/// Keras's results (ABI 1.2's contract in keras_plugin.h):
/// - its relu (eltwise, and as a post-op of matmul and convolution) and its binary max/min turn
///   NaN into a number; relu's output gets the NaNs of its input back, Dense's plain relu runs
///   here after the product, and max/min and the other fused relu forwards are declined when an
///   operand holds a NaN (the host then composes them);
/// - its soft_relu is negative for large negative inputs, so softplus is computed here.
enum FloatSemantics {
    /// Whether the float32 tensor holds a NaN: the largest magnitude's bits above infinity's,
    /// block by block (an integer maximum, which vectorises; a NaN stops the scan at its block).
    static func containsNaN(_ view: TensorView) -> Bool {
        let bits = UnsafeRawPointer(view.rawPointer).assumingMemoryBound(to: UInt32.self)
        let count = view.count
        var start = 0
        while start < count {
            let end = min(count, start + 4096)
            var largest: UInt32 = 0
            for i in start ..< end { largest = max(largest, bits[i] & 0x7fff_ffff) }
            if largest > 0x7f80_0000 { return true }
            start = end
        }
        return false
    }

    /// relu in place, a NaN kept (`x > 0 || x != x ? x : 0`, the reference's).
    static func relu(inPlace view: TensorView) {
        let p = view.pointer(as: Float.self)
        for i in 0 ..< view.count {
            let v = p[i]
            p[i] = v > 0 || v != v ? v : 0
        }
    }

    /// Whether any of the float32 tensors holds a NaN.
    static func containsNaN(_ views: [TensorView]) -> Bool {
        views.contains(where: containsNaN)
    }

    /// `out[i] = x[i]` wherever `x[i]` is NaN (same element count): relu(NaN) is NaN.
    static func restoreNaN(from x: TensorView, into out: TensorView) {
        let source = x.pointer(as: Float.self), destination = out.pointer(as: Float.self)
        for i in 0 ..< min(x.count, out.count) where source[i] != source[i] { destination[i] = source[i] }
    }

    /// `dx[i] = slope · dy[i]` wherever `x[i]` is NaN, after oneDNN's relu backward (which
    /// passes `dy` there): TensorFlow's `ReluGrad` / `LeakyReluGrad` take `x > 0`, false at a
    /// NaN, so plain relu's gradient is 0 and leaky relu's `slope · dy`, as on the reference.
    static func rectifierGradientAtNaN(_ x: TensorView, _ dy: TensorView, slope: Float, into dx: TensorView) {
        guard containsNaN(x) else { return }
        let source = x.pointer(as: Float.self), gradient = dy.pointer(as: Float.self)
        let destination = dx.pointer(as: Float.self)
        for i in 0 ..< min(x.count, dy.count, dx.count) where source[i] != source[i] {
            destination[i] = slope * gradient[i]
        }
    }

    /// `log(1 + exp(x))` without cancellation: `log1p(exp(x))` for x ≤ 0 (exactly `exp(x)` far
    /// below 0, never negative), `x + log1p(exp(−x))` above.
    static func softplus(_ x: TensorView, _ out: TensorView) {
        let source = x.pointer(as: Float.self), destination = out.pointer(as: Float.self)
        for i in 0 ..< x.count {
            let v = source[i]
            destination[i] = v > 0 ? v + log1p(exp(-v)) : log1p(exp(v))
        }
    }
}
