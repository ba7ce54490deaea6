import CKerasABI
import KerasKernelTypes

// The activation kernels of every backend, in one place: the `Backend` requirements
// (``ActivationKernels``), each kernel's call of its plugin slot on a plugin backend (`dispatch`:
// the outputs, the C arguments, else the reference kernel or the composition), and its hand-on in
// a forwarding backend (`forward`: the op code, dtype, work and operands that `auto`'s router and
// the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// Activations as single kernels (composites): softmax, log-softmax and Keras's activations with
/// their gradients.
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol ActivationKernels: AnyObject, Sendable {
    /// `exp(x − max) / Σ exp(x − max)` along `axis`.
    func softmax(_ x: Tensor, axis: Int) -> Tensor

    /// `x − max − log Σ exp(x − max)` along `axis`.
    func logSoftmax(_ x: Tensor, axis: Int) -> Tensor

    /// `f(x)` element-wise for the activation `p` names, with Keras's parameters (relu's
    /// `alpha`, `maxValue`, `threshold`; elu's `alpha`); float dtypes, same shape and dtype.
    /// The default composes it from the primitives (Composites/ActivationComposites.swift).
    func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor

    /// `dy · f′(x)` for the activation `p` names, `x` its input: the gradient Keras's
    /// TensorFlow autodiff gives, including its choices at the kinks (relu′(0) = 0).
    func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor
}

extension PluginBackend {
    public func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor {
        dispatch(.activation, \.activation, op: p.op.rawValue, [x], params: p, outputs: { one(Tensor(uninitializedShape: x.shape, dtype: x.dtype)) }) {
            f, ctx, d, params in f(ctx, d.input(0), params, d.output(0))
        }?[0] ?? ActivationComposition(backend: self, x: x).value(p)
    }

    public func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        dispatch(.activationBackward, \.activation_backward, op: p.op.rawValue, [x, dy], params: p, outputs: {
            one(Tensor(uninitializedShape: x.shape, dtype: x.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), params, d.output(0)) }?[0]
            ?? ActivationComposition(backend: self, x: x).gradient(dy, p)
    }

    public func softmax(_ x: Tensor, axis: Int) -> Tensor {
        dispatch(.softmax, \.softmax, [x], outputs: { one(Tensor(uninitializedShape: x.shape, dtype: x.dtype)) }) { f, ctx, d, _ in
            f(ctx, d.input(0), Int32(axis), d.output(0))
        }?[0] ?? composedSoftmax(x, axis: axis)
    }

    public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        dispatch(.logSoftmax, \.log_softmax, [x], outputs: { one(Tensor(uninitializedShape: x.shape, dtype: x.dtype)) }) { f, ctx, d, _ in
            f(ctx, d.input(0), Int32(axis), d.output(0))
        }?[0] ?? composedLogSoftmax(x, axis: axis)
    }
}

extension ForwardingBackend {
    public func softmax(_ x: Tensor, axis: Int) -> Tensor {
        forward(composite: .softmax, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x], { $0.softmax(x, axis: axis) },
                composed: { composedSoftmax(x, axis: axis) })
    }

    public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        forward(composite: .logSoftmax, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x], { $0.logSoftmax(x, axis: axis) },
                composed: { composedLogSoftmax(x, axis: axis) })
    }

    public func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor {
        forward(composite: .activation, op: p.op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x], { $0.activation(x, p) },
                composed: { ActivationComposition(backend: self, x: x).value(p) })
    }

    public func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        forward(composite: .activationBackward, op: p.op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x, dy],
                { $0.activationBackward(x, dy, p) }, composed: { ActivationComposition(backend: self, x: x).gradient(dy, p) })
    }
}
