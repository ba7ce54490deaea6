import CKerasABI
import KerasKernelTypes

// Element-wise kernels and reductions of a plugin backend: each is one `dispatch` (the output
// allocated, the C call, else the reference kernel).
extension PluginBackend {
    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        dispatch(.unary, \.unary, op: op.rawValue, [x], outputs: { one(Tensor(uninitializedShape: x.shape, dtype: op.returnsBool ? .bool : x.dtype)) }) {
            f, ctx, d, _ in f(ctx, op.rawValue, d.input(0), d.output(0))
        }?[0] ?? reference.unary(op, x)
    }

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        dispatch(.binary, \.binary, op: op.rawValue, [a, b], outputs: {
            let shape = a.shape == b.shape ? a.shape : Shape.broadcast(a.shape, b.shape, op: "binary")
            return one(Tensor(uninitializedShape: shape, dtype: op.returnsBool ? .bool : a.dtype))
        }) { f, ctx, d, _ in f(ctx, op.rawValue, d.input(0), d.input(1), d.output(0)) }?[0] ?? reference.binary(op, a, b)
    }

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        dispatch(.select, \.select, [condition, a, b], outputs: {
            let shape = Shape.broadcast(Shape.broadcast(condition.shape, a.shape, op: "select"), b.shape, op: "select")
            return one(Tensor(uninitializedShape: shape, dtype: a.dtype))
        }) { f, ctx, d, _ in f(ctx, d.input(0), d.input(1), d.input(2), d.output(0)) }?[0] ?? reference.select(condition, a, b)
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        dispatch(.cast, \.cast, [x], outputs: { one(Tensor(uninitializedShape: x.shape, dtype: dtype)) }) { f, ctx, d, _ in
            f(ctx, d.input(0), d.output(0))
        }?[0] ?? reference.cast(x, to: dtype)
    }

    // MARK: Reductions

    public func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int], keepDims: Bool) -> Tensor {
        let ran = dispatch(.reduce, \.reduce, op: op.rawValue, [x], outputs: {
            var shape: [Int] = []
            for (axis, d) in x.shape.enumerated() {
                if !axes.contains(axis) { shape.append(d) } else if keepDims { shape.append(1) }
            }
            return one(Tensor(uninitializedShape: shape, dtype: x.dtype))
        }) { f, ctx, d, _ in
            withInt64(axes) { f(ctx, op.rawValue, d.input(0), $0, Int32(axes.count), keepDims ? 1 : 0, d.output(0)) }
        }
        return ran?[0] ?? reference.reduce(op, x, axes: axes, keepDims: keepDims)
    }

    public func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor {
        let ran = dispatch(.argReduce, \.arg_reduce, op: op.rawValue, [x], outputs: {
            var shape = x.shape
            shape.remove(at: axis)
            return one(Tensor(uninitializedShape: shape, dtype: .int64))
        }) { f, ctx, d, _ in f(ctx, op.rawValue, d.input(0), Int32(axis), d.output(0)) }
        return ran?[0] ?? reference.argReduce(op, x, axis: axis)
    }

    public func cumulative(_ op: CumulativeOp, _ x: Tensor, axis: Int, exclusive: Bool, reverse: Bool) -> Tensor {
        let ran = dispatch(.cumulative, \.cumulative, op: op.rawValue, [x], outputs: { one(Tensor(uninitializedShape: x.shape, dtype: x.dtype)) }) {
            f, ctx, d, _ in f(ctx, op.rawValue, d.input(0), Int32(axis), exclusive ? 1 : 0, reverse ? 1 : 0, d.output(0))
        }
        return ran?[0] ?? reference.cumulative(op, x, axis: axis, exclusive: exclusive, reverse: reverse)
    }
}
