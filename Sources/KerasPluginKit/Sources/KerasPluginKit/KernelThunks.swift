/// The C functions behind a plugin's kernel table: each finds the ``BackendPlugin`` from the
/// `context` pointer, wraps the descriptors in ``TensorView``s, calls the Swift kernel, and turns
/// a thrown error into a host error object. A slot is filled only when the Swift kernel exists,
/// so "not provided" stays NULL for the host.
enum KernelThunks {
    /// The kernel table for `plugin` (context and names are set by the caller).
    static func table(for plugin: BackendPlugin) -> keras_backend {
        let k = plugin.kernels
        var t = keras_backend()
        t.struct_size = UInt64(MemoryLayout<keras_backend>.size)
        if k.setThreads != nil {
            t.set_threads = { context, threads in BackendPlugin.from(context).kernels.setThreads?(Int(threads)) }
        }
        if k.supports != nil {
            t.supports = { context, query in
                guard let query else { return 0 }
                return BackendPlugin.from(context).kernels.supports!(OpQuery(query)) ? 1 : 0
            }
        }
        elementwise(k, &t)
        reductions(k, &t)
        layout(k, &t)
        compute(k, &t)
        fusedActivation(k, &t)
        convolutionActivation(k, &t)
        normalization(k, &t)
        recurrent(k, &t)
        recurrentWorkspace(k, &t)
        optimizer(k, &t)
        return t
    }

    private static func elementwise(_ k: BackendKernels, _ t: inout keras_backend) {
        if k.unary != nil {
            t.unary = { context, code, x, out in
                let p = BackendPlugin.from(context)
                guard let op = UnaryOp(rawValue: code) else { return unknownOp(p, "unary", code) }
                return p.run { try p.kernels.unary!(op, view(x), view(out)) }
            }
        }
        if k.binary != nil {
            t.binary = { context, code, a, b, out in
                let p = BackendPlugin.from(context)
                guard let op = BinaryOp(rawValue: code) else { return unknownOp(p, "binary", code) }
                return p.run { try p.kernels.binary!(op, view(a), view(b), view(out)) }
            }
        }
        if k.select != nil {
            t.select = { context, c, a, b, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.select!(view(c), view(a), view(b), view(out)) }
            }
        }
        if k.cast != nil {
            t.cast = { context, x, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.cast!(view(x), view(out)) }
            }
        }
    }

    private static func reductions(_ k: BackendKernels, _ t: inout keras_backend) {
        if k.reduce != nil {
            t.reduce = { context, code, x, axes, axisCount, keepDims, out in
                let p = BackendPlugin.from(context)
                guard let op = ReduceOp(rawValue: code) else { return unknownOp(p, "reduce", code) }
                return p.run { try p.kernels.reduce!(op, view(x), ints(axes, Int(axisCount)), keepDims != 0, view(out)) }
            }
        }
        if k.argReduce != nil {
            t.arg_reduce = { context, code, x, axis, out in
                let p = BackendPlugin.from(context)
                guard let op = ArgReduceOp(rawValue: code) else { return unknownOp(p, "arg_reduce", code) }
                return p.run { try p.kernels.argReduce!(op, view(x), Int(axis), view(out)) }
            }
        }
        if k.cumulative != nil {
            t.cumulative = { context, code, x, axis, exclusive, reverse, out in
                let p = BackendPlugin.from(context)
                guard let op = CumulativeOp(rawValue: code) else { return unknownOp(p, "cumulative", code) }
                return p.run { try p.kernels.cumulative!(op, view(x), Int(axis), exclusive != 0, reverse != 0, view(out)) }
            }
        }
    }

    private static func layout(_ k: BackendKernels, _ t: inout keras_backend) {
        if k.transpose != nil {
            t.transpose = { context, x, permutation, out in
                let p = BackendPlugin.from(context)
                return p.run { let x = view(x); try p.kernels.transpose!(x, ints(permutation, x.rank), view(out)) }
            }
        }
        if k.slice != nil {
            t.slice = { context, x, start, strides, out in
                let p = BackendPlugin.from(context)
                return p.run { let x = view(x); try p.kernels.slice!(x, ints(start, x.rank), ints(strides, x.rank), view(out)) }
            }
        }
        if k.concatenate != nil {
            t.concatenate = { context, xs, count, axis, out in
                let p = BackendPlugin.from(context)
                return p.run {
                    let views = (0..<Int(count)).map { TensorView(xs![$0]!) }
                    try p.kernels.concatenate!(views, Int(axis), view(out))
                }
            }
        }
        if k.pad != nil {
            t.pad = { context, x, before, after, value, out in
                let p = BackendPlugin.from(context)
                return p.run { let x = view(x); try p.kernels.pad!(x, ints(before, x.rank), ints(after, x.rank), value, view(out)) }
            }
        }
        if k.tile != nil {
            t.tile = { context, x, multiples, out in
                let p = BackendPlugin.from(context)
                return p.run { let x = view(x); try p.kernels.tile!(x, ints(multiples, x.rank), view(out)) }
            }
        }
        if k.broadcast != nil {
            t.broadcast = { context, x, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.broadcast!(view(x), view(out)) }
            }
        }
        if k.reverse != nil {
            t.reverse = { context, x, axes, count, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.reverse!(view(x), ints(axes, Int(count)), view(out)) }
            }
        }
        if k.gather != nil {
            t.gather = { context, x, indices, axis, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.gather!(view(x), view(indices), Int(axis), view(out)) }
            }
        }
        if k.scatterAdd != nil {
            t.scatter_add = { context, updates, indices, axis, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.scatterAdd!(view(updates), view(indices), Int(axis), view(out)) }
            }
        }
    }

    private static func compute(_ k: BackendKernels, _ t: inout keras_backend) {
        if k.matmul != nil {
            t.matmul = { context, a, b, transposeA, transposeB, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.matmul!(view(a), view(b), transposeA != 0, transposeB != 0, view(out)) }
            }
        }
        if k.convolution != nil {
            t.convolution = { context, x, kernel, params, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.convolution!(view(x), view(kernel), ConvolutionParameters(params!), view(out)) }
            }
        }
        if k.convolutionBackwardInput != nil {
            t.convolution_backward_input = { context, dy, kernel, params, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.convolutionBackwardInput!(view(dy), view(kernel), ConvolutionParameters(params!), view(out)) }
            }
        }
        if k.convolutionBackwardKernel != nil {
            t.convolution_backward_kernel = { context, x, dy, params, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.convolutionBackwardKernel!(view(x), view(dy), ConvolutionParameters(params!), view(out)) }
            }
        }
        if k.pool != nil {
            t.pool = { context, x, params, out in
                let p = BackendPlugin.from(context)
                guard let params = PoolingParameters(params!) else { return unknownOp(p, "pool mode", params!.pointee.mode) }
                return p.run { try p.kernels.pool!(view(x), params, view(out)) }
            }
        }
        if k.poolBackward != nil {
            t.pool_backward = { context, x, dy, params, out in
                let p = BackendPlugin.from(context)
                guard let params = PoolingParameters(params!) else { return unknownOp(p, "pool mode", params!.pointee.mode) }
                return p.run { try p.kernels.poolBackward!(view(x), view(dy), params, view(out)) }
            }
        }
        if k.softmax != nil {
            t.softmax = { context, x, axis, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.softmax!(view(x), Int(axis), view(out)) }
            }
        }
        if k.logSoftmax != nil {
            t.log_softmax = { context, x, axis, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.logSoftmax!(view(x), Int(axis), view(out)) }
            }
        }
        if k.linear != nil {
            t.linear = { context, x, weight, bias, out in
                let p = BackendPlugin.from(context)
                return p.run { try p.kernels.linear!(view(x), view(weight), bias.map(TensorView.init), view(out)) }
            }
        }
    }
}

// File-level helpers: C function pointers cannot capture, not even the enclosing type.

@inline(__always)
func view(_ pointer: UnsafePointer<keras_tensor>?) -> TensorView { TensorView(pointer!) }

@inline(__always)
func ints(_ pointer: UnsafePointer<Int64>?, _ count: Int) -> [Int] {
    guard let pointer, count > 0 else { return [] }
    return (0..<count).map { Int(pointer[$0]) }
}

@inline(__always)
func unknownOp(_ plugin: BackendPlugin, _ kind: String, _ code: Int32) -> UnsafeMutablePointer<keras_error>? {
    plugin.makeError(.unimplemented("unknown \(kind) op code \(code)"))
}
