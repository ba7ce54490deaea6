import CKerasABI
import KerasKernelTypes

// The layout kernels of every backend, in one place: the `Backend` requirements
// (``LayoutKernels``), each kernel's call of its plugin slot on a plugin backend (`dispatch`: the
// outputs, the C arguments, else the reference kernel or the composition), and its hand-on in a
// forwarding backend (`forward`: the op code, dtype, work and operands that `auto`'s router and
// the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// Layout kernels: they move elements without arithmetic (gather's adjoint adds).
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol LayoutKernels: AnyObject, Sendable {
    /// `out.shape[i] = x.shape[permutation[i]]`.
    func transpose(_ x: Tensor, permutation: [Int]) -> Tensor

    /// `x[start[i] ..< start[i] + size[i]*strides[i] by strides[i]]` on every axis (strides ≥ 1).
    func slice(_ x: Tensor, start: [Int], size: [Int], strides: [Int]) -> Tensor

    /// Joins tensors of equal rank and dtype along `axis`; other dimensions match.
    func concatenate(_ xs: [Tensor], axis: Int) -> Tensor

    /// Pads every axis with `before[i]` and `after[i]` copies of `value` (both ≥ 0).
    func pad(_ x: Tensor, before: [Int], after: [Int], value: Double) -> Tensor

    /// Repeats the whole tensor `multiples[i]` times along each axis (`tf.tile`).
    func tile(_ x: Tensor, multiples: [Int]) -> Tensor

    /// Broadcasts `x` to `shape` (numpy rules; `shape.count ≥ x.rank`).
    func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor

    /// Reverses the order of elements along each of `axes`.
    func reverse(_ x: Tensor, axes: [Int]) -> Tensor

    /// Takes slices of `x` along `axis` at `indices` (int32/int64, each in `0..<x.shape[axis]`):
    /// shape `x.shape[..<axis] + indices.shape + x.shape[(axis+1)...]`.
    func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor

    /// The adjoint of ``gather(_:indices:axis:)``: a zero tensor of `shape` with each slice of
    /// `updates` added at its index (repeated indices accumulate).
    func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor
}

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

extension ForwardingBackend {
    public func transpose(_ x: Tensor, permutation: [Int]) -> Tensor {
        forward(.transpose, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.transpose(x, permutation: permutation) }
    }

    public func slice(_ x: Tensor, start: [Int], size: [Int], strides: [Int]) -> Tensor {
        forward(.slice, op: 0, dtype: x.dtype, work: elementCount(size), operands: [x]) { $0.slice(x, start: start, size: size, strides: strides) }
    }

    public func concatenate(_ xs: [Tensor], axis: Int) -> Tensor {
        let first = xs.first
        return forward(.concatenate, op: 0, dtype: first?.dtype ?? .float32, work: (first.map { elementCount($0.shape) } ?? 0) &* xs.count,
                       operands: xs) { $0.concatenate(xs, axis: axis) }
    }

    public func pad(_ x: Tensor, before: [Int], after: [Int], value: Double) -> Tensor {
        forward(.pad, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.pad(x, before: before, after: after, value: value) }
    }

    public func tile(_ x: Tensor, multiples: [Int]) -> Tensor {
        forward(.tile, op: 0, dtype: x.dtype, work: elementCount(x.shape) &* elementCount(multiples), operands: [x]) {
            $0.tile(x, multiples: multiples)
        }
    }

    public func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        forward(.broadcast, op: 0, dtype: x.dtype, work: elementCount(shape), operands: [x]) { $0.broadcast(x, to: shape) }
    }

    public func reverse(_ x: Tensor, axes: [Int]) -> Tensor {
        forward(.reverse, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.reverse(x, axes: axes) }
    }

    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        forward(.gather, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x, indices]) { $0.gather(x, indices: indices, axis: axis) }
    }

    public func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        forward(.scatterAdd, op: 0, dtype: updates.dtype, work: elementCount(updates.shape), operands: [updates, indices]) {
            $0.scatterAdd(updates, indices: indices, axis: axis, shape: shape)
        }
    }
}
