import CKerasABI
import KerasKernelTypes

// The reductions of every backend, in one place: the `Backend` requirements
// (``ReductionKernels``), each kernel's call of its plugin slot on a plugin backend (`dispatch`:
// the outputs, the C arguments, else the reference kernel or the composition), and its hand-on in
// a forwarding backend (`forward`: the op code, dtype, work and operands that `auto`'s router and
// the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// Reductions along axes: sums, extrema, arg-extrema and running totals.
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol ReductionKernels: AnyObject, Sendable {
    /// Reduces over `axes` (sorted, unique, possibly empty: then a copy). `mean` of integers
    /// truncates like TensorFlow; `any`/`all` take `bool`.
    func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int], keepDims: Bool) -> Tensor

    /// Index of the maximum or minimum along `axis` (removed from the shape), `int64`.
    func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor

    /// Running sum or product along `axis`, same shape.
    func cumulative(_ op: CumulativeOp, _ x: Tensor, axis: Int, exclusive: Bool, reverse: Bool) -> Tensor
}

extension PluginBackend {
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

extension ForwardingBackend {
    public func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int], keepDims: Bool) -> Tensor {
        forward(.reduce, op: op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) {
            $0.reduce(op, x, axes: axes, keepDims: keepDims)
        }
    }

    public func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor {
        forward(.argReduce, op: op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.argReduce(op, x, axis: axis) }
    }

    public func cumulative(_ op: CumulativeOp, _ x: Tensor, axis: Int, exclusive: Bool, reverse: Bool) -> Tensor {
        forward(.cumulative, op: op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) {
            $0.cumulative(op, x, axis: axis, exclusive: exclusive, reverse: reverse)
        }
    }
}
