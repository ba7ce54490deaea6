import CKerasABI
import KerasKernelTypes

// Matrix products, convolution, pooling and the first composites of a plugin backend.
extension PluginBackend {
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let ran = dispatch(.matmul, \.matmul, [a, b], outputs: {
            one(Tensor(uninitializedShape: MatmulLayout(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB).outputShape, dtype: a.dtype))
        }) { f, ctx, d, _ in f(ctx, d.input(0), d.input(1), transposeA ? 1 : 0, transposeB ? 1 : 0, d.output(0)) }
        return ran?[0] ?? reference.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    }

    // MARK: Convolution

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

    // MARK: Pooling

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

    // MARK: Composites: the plugin's kernel, else composed from this backend's primitives

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

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        dispatch(.linear, \.linear, [x, weight, bias], outputs: {
            one(Tensor(uninitializedShape: Array(x.shape.dropLast()) + [weight.shape[1]], dtype: x.dtype))
        }) { f, ctx, d, _ in f(ctx, d.input(0), d.input(1), d.input(2), d.output(0)) }?[0]
            ?? composedLinear(x, weight: weight, bias: bias)
    }
}
