import CKerasABI

// Matrix products, convolution, pooling and the composites of a plugin backend.
extension PluginBackend {
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        guard let f = table.c.matmul else {
            notProvided(.matmul, -1, [a, b])
            return reference.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
        }
        let layout = MatmulLayout(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB)
        let out = Tensor(uninitializedShape: layout.outputShape, dtype: a.dtype)
        let ctx = context
        let ran = run(.matmul, -1, [a, b, out]) { d in f(ctx, d, d + 1, transposeA ? 1 : 0, transposeB ? 1 : 0, d + 2) }
        return ran ? out : reference.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    }

    // MARK: Convolution

    public func convolution(_ x: Tensor, kernel: Tensor, _ p: ConvolutionParameters) -> Tensor {
        guard let f = table.c.convolution else {
            notProvided(.convolution, -1, [x, kernel])
            return reference.convolution(x, kernel: kernel, p)
        }
        let out = Tensor(uninitializedShape: p.outputShape(input: x.shape, kernel: kernel.shape), dtype: x.dtype)
        let ctx = context
        let ran = p.withC { params in
            run(.convolution, -1, [x, kernel, out], params: params) { d in f(ctx, d, d + 1, params, d + 2) }
        }
        return ran ? out : reference.convolution(x, kernel: kernel, p)
    }

    public func convolutionBackwardInput(_ dy: Tensor, kernel: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        guard let f = table.c.convolution_backward_input else {
            notProvided(.convolutionBackwardInput, -1, [dy, kernel])
            return reference.convolutionBackwardInput(dy, kernel: kernel, inputShape: inputShape, p)
        }
        let out = Tensor(uninitializedShape: inputShape, dtype: dy.dtype)
        let ctx = context
        let ran = p.withC { params in
            run(.convolutionBackwardInput, -1, [dy, kernel, out], params: params) { d in f(ctx, d, d + 1, params, d + 2) }
        }
        return ran ? out : reference.convolutionBackwardInput(dy, kernel: kernel, inputShape: inputShape, p)
    }

    public func convolutionBackwardKernel(_ x: Tensor, _ dy: Tensor, kernelShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        guard let f = table.c.convolution_backward_kernel else {
            notProvided(.convolutionBackwardKernel, -1, [x, dy])
            return reference.convolutionBackwardKernel(x, dy, kernelShape: kernelShape, p)
        }
        let out = Tensor(uninitializedShape: kernelShape, dtype: x.dtype)
        let ctx = context
        let ran = p.withC { params in
            run(.convolutionBackwardKernel, -1, [x, dy, out], params: params) { d in f(ctx, d, d + 1, params, d + 2) }
        }
        return ran ? out : reference.convolutionBackwardKernel(x, dy, kernelShape: kernelShape, p)
    }

    // MARK: Pooling

    public func pool(_ x: Tensor, _ p: PoolingParameters) -> Tensor {
        guard let f = table.c.pool else {
            notProvided(.pool, p.mode.rawValue, [x])
            return reference.pool(x, p)
        }
        let out = Tensor(uninitializedShape: p.outputShape(input: x.shape), dtype: x.dtype)
        let ctx = context
        let ran = p.withC { params in
            run(.pool, p.mode.rawValue, [x, out], params: params) { d in f(ctx, d, params, d + 1) }
        }
        return ran ? out : reference.pool(x, p)
    }

    public func poolBackward(_ x: Tensor, _ dy: Tensor, _ p: PoolingParameters) -> Tensor {
        guard let f = table.c.pool_backward else {
            notProvided(.poolBackward, p.mode.rawValue, [x, dy])
            return reference.poolBackward(x, dy, p)
        }
        let out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
        let ctx = context
        let ran = p.withC { params in
            run(.poolBackward, p.mode.rawValue, [x, dy, out], params: params) { d in f(ctx, d, d + 1, params, d + 2) }
        }
        return ran ? out : reference.poolBackward(x, dy, p)
    }

    // MARK: Composites: the plugin's kernel, else composed from this backend's primitives

    public func softmax(_ x: Tensor, axis: Int) -> Tensor {
        if let f = table.c.softmax {
            let out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
            let ctx = context
            if runComposite(.softmax, [x, out], { d in f(ctx, d, Int32(axis), d + 1) }) { return out }
        }
        let shifted = binary(.subtract, x, reduce(.max, x, axes: [axis], keepDims: true))
        let e = unary(.exp, shifted)
        return binary(.divide, e, reduce(.sum, e, axes: [axis], keepDims: true))
    }

    public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        if let f = table.c.log_softmax {
            let out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
            let ctx = context
            if runComposite(.logSoftmax, [x, out], { d in f(ctx, d, Int32(axis), d + 1) }) { return out }
        }
        let shifted = binary(.subtract, x, reduce(.max, x, axes: [axis], keepDims: true))
        let logSum = unary(.log, reduce(.sum, unary(.exp, shifted), axes: [axis], keepDims: true))
        return binary(.subtract, shifted, logSum)
    }

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let outShape = Array(x.shape.dropLast()) + [weight.shape[1]]
        if let f = table.c.linear {
            let out = Tensor(uninitializedShape: outShape, dtype: x.dtype)
            let ctx = context
            let ran: Bool
            if let bias {
                ran = runComposite(.linear, [x, weight, bias, out]) { d in f(ctx, d, d + 1, d + 2, d + 3) }
            } else {
                ran = runComposite(.linear, [x, weight, out]) { d in f(ctx, d, d + 1, nil, d + 2) }
            }
            if ran { return out }
        }
        let k = x.shape.last ?? 1
        let flat = x.reshapedStorage(to: [x.count / max(k, 1), k])
        var y = matmul(flat, weight, transposeA: false, transposeB: false)
        if let bias { y = binary(.add, y, bias) }
        return y.reshapedStorage(to: outShape)
    }

    /// Runs a composite kernel; when the plugin declines it, nothing falls back to the
    /// reference backend: the caller composes the op from this backend's primitives.
    /// `tensors` are the inputs (absent optional ones left out) then `outputCount` outputs;
    /// `invoke` gets their descriptors in that order.
    func runComposite(_ kernel: BackendKernel, op: Int32 = -1, _ tensors: [Tensor], outputCount: Int = 1,
                      params: UnsafeRawPointer? = nil,
                      _ invoke: (UnsafeMutablePointer<keras_tensor>) -> UnsafeMutablePointer<keras_error>?) -> Bool {
        tryKernel(kernel, op, tensors, outputCount: outputCount, params: params, invoke) == .ran
    }
}

extension ConvolutionParameters {
    /// Lends the parameters to C as `keras_conv_params`.
    @inline(__always)
    func withC<R>(_ body: (UnsafePointer<keras_conv_params>) -> R) -> R {
        withInt64(strides) { s in
            withInt64(dilations) { dl in
                withInt64(paddingBefore) { pb in
                    withInt64(paddingAfter) { pa in
                        var c = keras_conv_params(struct_size: UInt64(MemoryLayout<keras_conv_params>.size),
                                                  spatial_rank: Int32(spatialRank), groups: Int32(groups),
                                                  strides: s, dilations: dl, padding_before: pb, padding_after: pa)
                        return withUnsafePointer(to: &c) { body($0) }
                    }
                }
            }
        }
    }
}

extension PoolingParameters {
    /// Lends the parameters to C as `keras_pool_params`.
    @inline(__always)
    func withC<R>(_ body: (UnsafePointer<keras_pool_params>) -> R) -> R {
        withInt64(window) { w in
            withInt64(strides) { s in
                withInt64(paddingBefore) { pb in
                    withInt64(paddingAfter) { pa in
                        var c = keras_pool_params(struct_size: UInt64(MemoryLayout<keras_pool_params>.size),
                                                  spatial_rank: Int32(spatialRank), mode: mode.rawValue,
                                                  window: w, strides: s, padding_before: pb, padding_after: pa)
                        return withUnsafePointer(to: &c) { body($0) }
                    }
                }
            }
        }
    }
}
