import Foundation
import KerasPluginKit

/// Where oneDNN's x86 kernels differ from TensorFlow on special values, and how the plugin keeps
/// Keras's results (ABI 1.2's contract in keras_plugin.h):
/// - its relu (eltwise, and as a post-op of matmul and convolution) and its binary max/min turn
///   NaN into a number; relu's output gets the NaNs of its input back, and max/min and the fused
///   relu forwards are declined when an operand holds a NaN (the host then composes them);
/// - its soft_relu is negative for large negative inputs, so softplus is computed here.
enum FloatSemantics {
    /// Whether the float32 tensor holds a NaN.
    static func containsNaN(_ view: TensorView) -> Bool {
        let p = view.pointer(as: Float.self)
        var found = false
        for i in 0 ..< view.count where p[i] != p[i] { found = true; break }
        return found
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
