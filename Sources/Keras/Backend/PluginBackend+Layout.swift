import CKerasABI
import KerasKernelTypes

// Layout kernels of a plugin backend: transpose, slice, concatenate, pad, tile, broadcast,
// reverse, gather, scatter-add.
extension PluginBackend {
    public func transpose(_ x: Tensor, permutation: [Int]) -> Tensor {
        let ran = dispatch(.transpose, \.transpose, [x], outputs: { one(Tensor(uninitializedShape: permutation.map { x.shape[$0] }, dtype: x.dtype)) }) {
            f, ctx, d, _ in withInt64(permutation) { f(ctx, d.input(0), $0, d.output(0)) }
        }
        return ran?[0] ?? reference.transpose(x, permutation: permutation)
    }

    public func slice(_ x: Tensor, start: [Int], size: [Int], strides: [Int]) -> Tensor {
        let ran = dispatch(.slice, \.slice, [x], outputs: { one(Tensor(uninitializedShape: size, dtype: x.dtype)) }) { f, ctx, d, _ in
            withInt64(start) { s in withInt64(strides) { f(ctx, d.input(0), s, $0, d.output(0)) } }
        }
        return ran?[0] ?? reference.slice(x, start: start, size: size, strides: strides)
    }

    public func concatenate(_ xs: [Tensor], axis: Int) -> Tensor {
        guard let first = xs.first else { return reference.concatenate(xs, axis: axis) }
        let ran = dispatch(.concatenate, \.concatenate, xs, outputs: {
            var shape = first.shape
            shape[axis] = xs.reduce(0) { $0 + $1.shape[axis] }
            return one(Tensor(uninitializedShape: shape, dtype: first.dtype))
        }) { f, ctx, d, _ in
            d.withLists { inputs, _ in f(ctx, inputs, Int32(xs.count), Int32(axis), d.output(0)) }
        }
        return ran?[0] ?? reference.concatenate(xs, axis: axis)
    }

    public func pad(_ x: Tensor, before: [Int], after: [Int], value: Double) -> Tensor {
        let ran = dispatch(.pad, \.pad, [x], outputs: {
            one(Tensor(uninitializedShape: x.shape.indices.map { x.shape[$0] + before[$0] + after[$0] }, dtype: x.dtype))
        }) { f, ctx, d, _ in
            withInt64(before) { b in withInt64(after) { f(ctx, d.input(0), b, $0, value, d.output(0)) } }
        }
        return ran?[0] ?? reference.pad(x, before: before, after: after, value: value)
    }

    public func tile(_ x: Tensor, multiples: [Int]) -> Tensor {
        let ran = dispatch(.tile, \.tile, [x], outputs: { one(Tensor(uninitializedShape: zip(x.shape, multiples).map(*), dtype: x.dtype)) }) {
            f, ctx, d, _ in withInt64(multiples) { f(ctx, d.input(0), $0, d.output(0)) }
        }
        return ran?[0] ?? reference.tile(x, multiples: multiples)
    }

    public func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        dispatch(.broadcast, \.broadcast, [x], outputs: { one(Tensor(uninitializedShape: shape, dtype: x.dtype)) }) { f, ctx, d, _ in
            f(ctx, d.input(0), d.output(0))
        }?[0] ?? reference.broadcast(x, to: shape)
    }

    public func reverse(_ x: Tensor, axes: [Int]) -> Tensor {
        let ran = dispatch(.reverse, \.reverse, [x], outputs: { one(Tensor(uninitializedShape: x.shape, dtype: x.dtype)) }) { f, ctx, d, _ in
            withInt64(axes) { f(ctx, d.input(0), $0, Int32(axes.count), d.output(0)) }
        }
        return ran?[0] ?? reference.reverse(x, axes: axes)
    }

    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        let ran = dispatch(.gather, \.gather, [x, indices], outputs: {
            one(Tensor(uninitializedShape: Array(x.shape[..<axis]) + indices.shape + Array(x.shape[(axis + 1)...]), dtype: x.dtype))
        }) { f, ctx, d, _ in f(ctx, d.input(0), d.input(1), Int32(axis), d.output(0)) }
        return ran?[0] ?? reference.gather(x, indices: indices, axis: axis)
    }

    public func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        let ran = dispatch(.scatterAdd, \.scatter_add, [updates, indices], outputs: { one(Tensor(uninitializedShape: shape, dtype: updates.dtype)) }) {
            f, ctx, d, _ in f(ctx, d.input(0), d.input(1), Int32(axis), d.output(0))
        }
        return ran?[0] ?? reference.scatterAdd(updates, indices: indices, axis: axis, shape: shape)
    }
}
