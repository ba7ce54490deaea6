import CKerasABI
import KerasKernelTypes

// The fused activations of a plugin backend (ABI 1.1): the plugin's kernel when it provides
// and accepts it, otherwise composed from this backend's primitives (never the reference
// backend as a whole).
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

    public func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        dispatch(.linearActivation, \.linear_activation, op: p.op.rawValue, [x, weight, bias], params: p, outputs: {
            one(Tensor(uninitializedShape: Array(x.shape.dropLast()) + [weight.shape[1]], dtype: x.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), d.input(2), params, d.output(0)) }?[0]
            ?? composedLinearActivation(x, weight: weight, bias: bias, p)
    }

    /// The query carries the convolution geometry as its parameters and the activation as its
    /// op; the activation's parameters come with the call.
    public func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                                      _ activation: ActivationParameters) -> Tensor {
        let ran = activation.withC { act in
            dispatch(.convolutionActivation, \.convolution_activation, op: activation.op.rawValue, [x, kernel, bias], params: p, outputs: {
                one(Tensor(uninitializedShape: p.outputShape(input: x.shape, kernel: kernel.shape), dtype: x.dtype))
            }) { f, ctx, d, conv in f(ctx, d.input(0), d.input(1), d.input(2), conv, act, d.output(0)) }
        }
        return ran?[0] ?? composedConvolutionActivation(x, kernel: kernel, bias: bias, p, activation)
    }
}
