import CKerasABI
import KerasKernelTypes

// The element-wise kernels of every backend, in one place: the `Backend` requirements
// (``ElementwiseKernels``), each kernel's call of its plugin slot on a plugin backend (`dispatch`:
// the outputs, the C arguments, else the reference kernel or the composition), and its hand-on in
// a forwarding backend (`forward`: the op code, dtype, work and operands that `auto`'s router and
// the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// Element-wise kernels: one op over every element, or over two or three broadcast operands.
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol ElementwiseKernels: AnyObject, Sendable {
    /// `op(x)` element-wise. Float ops take `float32`/`float64`; `abs`, `negative`, `sign`,
    /// `square` also take integers; `logicalNot` takes `bool`. The result has `x`'s dtype except
    /// for `isNaN`, `isInf`, `isFinite` (`bool`).
    func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor

    /// `op(a, b)` with numpy broadcasting; `a` and `b` have the same dtype.
    func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor

    /// `condition ? a : b` element-wise with numpy broadcasting of all three; `condition` is `bool`,
    /// `a` and `b` share a dtype.
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor

    /// Converts elements to `dtype` like `tf.cast`: float → int truncates toward zero, non-zero → `true`.
    func cast(_ x: Tensor, to dtype: DType) -> Tensor
}

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
}

extension ForwardingBackend {
    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        forward(.unary, op: op.rawValue, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.unary(op, x) }
    }

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        forward(.binary, op: op.rawValue, dtype: a.dtype, work: max(elementCount(a.shape), elementCount(b.shape)), operands: [a, b]) {
            $0.binary(op, a, b)
        }
    }

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        forward(.select, op: 0, dtype: a.dtype, work: max(elementCount(a.shape), elementCount(b.shape), elementCount(condition.shape)),
                operands: [condition, a, b]) { $0.select(condition, a, b) }
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        forward(.cast, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x]) { $0.cast(x, to: dtype) }
    }
}
