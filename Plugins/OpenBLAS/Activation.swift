import CFusedKernels
import Glibc
import KerasPluginKit

/// The activations the plugin computes itself, in one pass over the data — `linear`, plain
/// relu (`max(x, 0)`, a NaN kept, as the reference does) and, after a Dense product, sigmoid —
/// so that Dense's forward is one call (`linearActivation`: the product, its bias and the
/// activation) and relu's gradient another (`activationBackward`: `dy · [x > 0]`, rounded
/// exactly as the host's composition). Every other activation and parameter is declined: the
/// host composes it from the primitives.
///
/// Sigmoid is here so that `auto` need not send a small sigmoid Dense (a binary classifier's
/// output, as in the LSTM benchmark) to the only other provider, oneDNN, whose OpenMP threads
/// then woke and spun against this plugin's threads: 2.3 ms per call in that benchmark's step.
enum Activation {
    /// Whether the plugin computes `p`.
    static func runs(_ p: ActivationParameters) -> Bool { p.op == .linear || p.isPlainReLU || p.op == .sigmoid }

    /// `f(x · weight + bias)`.
    static func linearActivation(_ x: TensorView, _ weight: TensorView, _ bias: TensorView?, _ p: ActivationParameters,
                                 _ out: TensorView) throws {
        guard runs(p) else { throw KernelError.unimplemented("activation \(p.op) with these parameters") }
        try Matmul.linear(x, weight, bias, out)
        switch p.op {
        case .relu: try apply(out, out)
        case .sigmoid: try sigmoid(out)
        default: break
        }
    }

    /// Sigmoid in place: float32 on the shared vectorised loop (within 1e-7 of the exact
    /// value), float64 with the reference's formula (its bits).
    private static func sigmoid(_ y: TensorView) throws {
        switch y.dtype {
        case .float32:
            let p = y.pointer(as: Float.self)
            PluginThreads.forEachChunk(y.count, minimumChunk: chunk) { range in
                fk_sigmoid_array(Int64(range.count), p + range.lowerBound, p + range.lowerBound)
            }
        case .float64:
            let p = y.pointer(as: Double.self)
            for i in 0..<y.count {
                let v = p[i]
                if v >= 0 {
                    p[i] = 1 / (1 + exp(-v))
                } else {
                    let e = exp(v)
                    p[i] = e / (1 + e)
                }
            }
        default: throw KernelError.unimplemented("float32 and float64 only")
        }
    }

    /// `activation`: plain relu of `x` into `out`.
    static func forward(_ x: TensorView, _ p: ActivationParameters, _ out: TensorView) throws {
        guard p.isPlainReLU else { throw KernelError.unimplemented("activation \(p.op) with these parameters") }
        try apply(x, out)
    }

    /// `activationBackward` of plain relu: `dx = dy · [x > 0]`.
    static func backward(_ x: TensorView, _ dy: TensorView, _ p: ActivationParameters, _ dx: TensorView) throws {
        guard p.isPlainReLU, x.count == dy.count, x.count == dx.count, x.dtype == dy.dtype, x.dtype == dx.dtype else {
            throw KernelError.unimplemented("the gradient of \(p.op) with these parameters")
        }
        switch x.dtype {
        case .float32: reluGradient(x.pointer(as: Float.self), dy.pointer(as: Float.self), dx.pointer(as: Float.self), x.count)
        case .float64: reluGradient(x.pointer(as: Double.self), dy.pointer(as: Double.self), dx.pointer(as: Double.self), x.count)
        default: throw KernelError.unimplemented("float32 and float64 only")
        }
    }

    private static func apply(_ x: TensorView, _ out: TensorView) throws {
        switch x.dtype {
        case .float32: relu(x.pointer(as: Float.self), out.pointer(as: Float.self), x.count)
        case .float64: relu(x.pointer(as: Double.self), out.pointer(as: Double.self), x.count)
        default: throw KernelError.unimplemented("float32 and float64 only")
        }
    }

    /// Elements per thread below which a pass stays on the calling thread.
    private static let chunk = 1 << 16

    private static func relu<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>, _ count: Int) {
        PluginThreads.forEachChunk(count, minimumChunk: chunk) { range in
            for i in range {
                let v = x[i]
                out[i] = v > 0 || v != v ? v : 0
            }
        }
    }

    private static func reluGradient<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, _ dy: UnsafeMutablePointer<T>,
                                                             _ dx: UnsafeMutablePointer<T>, _ count: Int) {
        PluginThreads.forEachChunk(count, minimumChunk: chunk) { range in
            for i in range { dx[i] = dy[i] * (x[i] > 0 ? 1 : 0) }
        }
    }
}
