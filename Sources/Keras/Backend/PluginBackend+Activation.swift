import CKerasABI

// The fused activations of a plugin backend (ABI 1.1): the plugin's kernel when it provides
// and accepts it, otherwise composed from this backend's primitives (never the reference
// backend as a whole).
extension PluginBackend {
    public func activation(_ x: Tensor, _ p: ActivationParameters) -> Tensor {
        if let f = table.c.activation {
            let out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
            let ctx = context
            let ran = p.withC { params in
                runComposite(.activation, op: p.op.rawValue, [x, out], params: params) { d in f(ctx, d, params, d + 1) }
            }
            if ran { return out }
        }
        return ActivationComposition(backend: self, x: x).value(p)
    }

    public func activationBackward(_ x: Tensor, _ dy: Tensor, _ p: ActivationParameters) -> Tensor {
        if let f = table.c.activation_backward {
            let dx = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
            let ctx = context
            let ran = p.withC { params in
                runComposite(.activationBackward, op: p.op.rawValue, [x, dy, dx], params: params) { d in
                    f(ctx, d, d + 1, params, d + 2)
                }
            }
            if ran { return dx }
        }
        return ActivationComposition(backend: self, x: x).gradient(dy, p)
    }

    public func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        if let f = table.c.linear_activation {
            let out = Tensor(uninitializedShape: Array(x.shape.dropLast()) + [weight.shape[1]], dtype: x.dtype)
            let ctx = context
            let ran = p.withC { params in
                if let bias {
                    return runComposite(.linearActivation, op: p.op.rawValue, [x, weight, bias, out], params: params) { d in
                        f(ctx, d, d + 1, d + 2, params, d + 3)
                    }
                }
                return runComposite(.linearActivation, op: p.op.rawValue, [x, weight, out], params: params) { d in
                    f(ctx, d, d + 1, nil, params, d + 2)
                }
            }
            if ran { return out }
        }
        return composedLinearActivation(x, weight: weight, bias: bias, p)
    }

    public func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                                      _ activation: ActivationParameters) -> Tensor {
        if let f = table.c.convolution_activation {
            let out = Tensor(uninitializedShape: p.outputShape(input: x.shape, kernel: kernel.shape), dtype: x.dtype)
            let ctx = context
            let ran = p.withC { conv in
                activation.withC { act in
                    if let bias {
                        return runComposite(.convolutionActivation, op: activation.op.rawValue, [x, kernel, bias, out], params: conv) { d in
                            f(ctx, d, d + 1, d + 2, conv, act, d + 3)
                        }
                    }
                    return runComposite(.convolutionActivation, op: activation.op.rawValue, [x, kernel, out], params: conv) { d in
                        f(ctx, d, d + 1, nil, conv, act, d + 2)
                    }
                }
            }
            if ran { return out }
        }
        return composedConvolutionActivation(x, kernel: kernel, bias: bias, p, activation)
    }
}
