import CKerasABI
import KerasKernelTypes

// The convolution and pooling kernels of every backend, in one place: the `Backend` requirements
// (``ConvolutionKernels``), each kernel's call of its plugin slot on a plugin backend (`dispatch`:
// the outputs, the C arguments, else the reference kernel or the composition), and its hand-on in
// a forwarding backend (`forward`: the op code, dtype, work and operands that `auto`'s router and
// the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// Convolution and pooling, channels-last, with their gradients and a convolution layer's fused
/// forward (a composite).
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol ConvolutionKernels: AnyObject, Sendable {
    /// Convolution forward; see ``ConvolutionParameters`` for layouts.
    func convolution(_ x: Tensor, kernel: Tensor, _ p: ConvolutionParameters) -> Tensor

    /// Gradient of the convolution with respect to its input, of shape `inputShape`; also the
    /// transposed convolution.
    func convolutionBackwardInput(_ dy: Tensor, kernel: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor

    /// Gradient of the convolution with respect to its kernel, of shape `kernelShape`.
    func convolutionBackwardKernel(_ x: Tensor, _ dy: Tensor, kernelShape: [Int], _ p: ConvolutionParameters) -> Tensor

    /// Max or average pooling forward.
    func pool(_ x: Tensor, _ p: PoolingParameters) -> Tensor

    /// Gradient of pooling with respect to `x`: max routes `dy` to the first maximum of each
    /// window; average spreads it over the window's valid cells.
    func poolBackward(_ x: Tensor, _ dy: Tensor, _ p: PoolingParameters) -> Tensor

    /// `f(convolution(x, kernel) (+ bias))`: ``convolution(_:kernel:_:)``, the bias added on the
    /// channel (last) axis, then ``activation(_:_:)`` — a convolution layer's whole forward.
    /// `bias (outChannels)` may be nil.
    func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                               _ activation: ActivationParameters) -> Tensor
}

extension PluginBackend {
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

    public func convolution(_ x: Tensor, kernel: Tensor, _ p: ConvolutionParameters) -> Tensor {
        let ran = dispatch(.convolution, \.convolution, [x, kernel], params: p, outputs: {
            one(Tensor(uninitializedShape: p.outputShape(input: x.shape, kernel: kernel.shape), dtype: x.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), params, d.output(0)) }
        return ran?[0] ?? reference.convolution(x, kernel: kernel, p)
    }

    public func convolutionBackwardInput(_ dy: Tensor, kernel: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let ran = dispatch(.convolutionBackwardInput, \.convolution_backward_input, [dy, kernel], params: p, outputs: {
            one(Tensor(uninitializedShape: inputShape, dtype: dy.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), params, d.output(0)) }
        return ran?[0] ?? reference.convolutionBackwardInput(dy, kernel: kernel, inputShape: inputShape, p)
    }

    public func convolutionBackwardKernel(_ x: Tensor, _ dy: Tensor, kernelShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let ran = dispatch(.convolutionBackwardKernel, \.convolution_backward_kernel, [x, dy], params: p, outputs: {
            one(Tensor(uninitializedShape: kernelShape, dtype: x.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), params, d.output(0)) }
        return ran?[0] ?? reference.convolutionBackwardKernel(x, dy, kernelShape: kernelShape, p)
    }

    public func pool(_ x: Tensor, _ p: PoolingParameters) -> Tensor {
        let ran = dispatch(.pool, \.pool, op: p.mode.rawValue, [x], params: p, outputs: {
            one(Tensor(uninitializedShape: p.outputShape(input: x.shape), dtype: x.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), params, d.output(0)) }
        return ran?[0] ?? reference.pool(x, p)
    }

    public func poolBackward(_ x: Tensor, _ dy: Tensor, _ p: PoolingParameters) -> Tensor {
        let ran = dispatch(.poolBackward, \.pool_backward, op: p.mode.rawValue, [x, dy], params: p, outputs: {
            one(Tensor(uninitializedShape: x.shape, dtype: x.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), params, d.output(0)) }
        return ran?[0] ?? reference.poolBackward(x, dy, p)
    }
}

extension ForwardingBackend {
    public func convolution(_ x: Tensor, kernel: Tensor, _ p: ConvolutionParameters) -> Tensor {
        forward(.convolution, op: 0, dtype: x.dtype, work: convolutionWork(x.shape, kernel.shape), operands: [x, kernel]) {
            $0.convolution(x, kernel: kernel, p)
        }
    }

    public func convolutionBackwardInput(_ dy: Tensor, kernel: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        forward(.convolutionBackwardInput, op: 0, dtype: dy.dtype, work: convolutionWork(dy.shape, kernel.shape), operands: [dy, kernel]) {
            $0.convolutionBackwardInput(dy, kernel: kernel, inputShape: inputShape, p)
        }
    }

    public func convolutionBackwardKernel(_ x: Tensor, _ dy: Tensor, kernelShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        forward(.convolutionBackwardKernel, op: 0, dtype: x.dtype, work: convolutionWork(dy.shape, kernelShape), operands: [x, dy]) {
            $0.convolutionBackwardKernel(x, dy, kernelShape: kernelShape, p)
        }
    }

    public func pool(_ x: Tensor, _ p: PoolingParameters) -> Tensor {
        forward(.pool, op: p.mode.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.pool(x, p) }
    }

    public func poolBackward(_ x: Tensor, _ dy: Tensor, _ p: PoolingParameters) -> Tensor {
        forward(.poolBackward, op: p.mode.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x, dy]) { $0.poolBackward(x, dy, p) }
    }

    public func convolutionActivation(_ x: Tensor, kernel: Tensor, bias: Tensor?, _ p: ConvolutionParameters,
                                      _ activation: ActivationParameters) -> Tensor {
        forward(composite: .convolutionActivation, op: activation.op.rawValue, dtype: x.dtype, work: convolutionWork(x.shape, kernel.shape),
                operands: [x, kernel], { $0.convolutionActivation(x, kernel: kernel, bias: bias, p, activation) },
                composed: { composedConvolutionActivation(x, kernel: kernel, bias: bias, p, activation) })
    }
}
