import CKerasABI
import KerasKernelTypes

// The matrix products of every backend, in one place: the `Backend` requirements
// (``ProductKernels``), each kernel's call of its plugin slot on a plugin backend (`dispatch`: the
// outputs, the C arguments, else the reference kernel or the composition), and its hand-on in a
// forwarding backend (`forward`: the op code, dtype, work and operands that `auto`'s router and
// the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// Matrix products: the batched `matmul` primitive and `Dense`'s fused forward (composites).
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol ProductKernels: AnyObject, Sendable {
    /// Batched matrix product with numpy `matmul` broadcasting of the leading dimensions:
    /// `a (…, M, K) · b (…, K, N) → (…, M, N)`, after optionally transposing the last two axes of
    /// either operand. Both ranks ≥ 2, float dtypes.
    func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor

    /// `x · w (+ bias)`: `x (…, K)`, `w (K, N)`, `bias (N)` → `(…, N)`. The `Dense` forward.
    func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor

    /// `f(x · weight (+ bias))`: ``linear(_:weight:bias:)`` then ``activation(_:_:)``, the
    /// whole `Dense` forward. `x (…, K)`, `weight (K, N)`, `bias (N)` → `(…, N)`.
    func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor
}

extension PluginBackend {
    public func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        dispatch(.linearActivation, \.linear_activation, op: p.op.rawValue, [x, weight, bias], params: p, outputs: {
            one(Tensor(uninitializedShape: Array(x.shape.dropLast()) + [weight.shape[1]], dtype: x.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), d.input(2), params, d.output(0)) }?[0]
            ?? composedLinearActivation(x, weight: weight, bias: bias, p)
    }

    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let ran = dispatch(.matmul, \.matmul, [a, b], outputs: {
            one(Tensor(uninitializedShape: MatmulLayout(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB).outputShape, dtype: a.dtype))
        }) { f, ctx, d, _ in f(ctx, d.input(0), d.input(1), transposeA ? 1 : 0, transposeB ? 1 : 0, d.output(0)) }
        return ran?[0] ?? reference.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    }

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        dispatch(.linear, \.linear, [x, weight, bias], outputs: {
            one(Tensor(uninitializedShape: Array(x.shape.dropLast()) + [weight.shape[1]], dtype: x.dtype))
        }) { f, ctx, d, _ in f(ctx, d.input(0), d.input(1), d.input(2), d.output(0)) }?[0]
            ?? composedLinear(x, weight: weight, bias: bias)
    }
}

extension ForwardingBackend {
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        // batch·M·K (a's elements) times N.
        forward(.matmul, op: 0, dtype: a.dtype, work: elementCount(a.shape) &* matmulColumns(b, transposeB), operands: [a, b]) {
            $0.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
        }
    }

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        forward(composite: .linear, op: 0, dtype: x.dtype, work: elementCount(x.shape) &* (weight.shape.last ?? 1),
                operands: [x, weight] + (bias.map { [$0] } ?? []), { $0.linear(x, weight: weight, bias: bias) },
                composed: { composedLinear(x, weight: weight, bias: bias) })
    }

    public func linearActivation(_ x: Tensor, weight: Tensor, bias: Tensor?, _ p: ActivationParameters) -> Tensor {
        forward(composite: .linearActivation, op: p.op.rawValue, dtype: x.dtype, work: elementCount(x.shape) &* (weight.shape.last ?? 1),
                operands: [x, weight], { $0.linearActivation(x, weight: weight, bias: bias, p) },
                composed: { composedLinearActivation(x, weight: weight, bias: bias, p) })
    }
}
