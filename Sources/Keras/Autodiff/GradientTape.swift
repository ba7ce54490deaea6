/// Records operations so that gradients can be taken afterwards, like TensorFlow's
/// `tf.GradientTape` (the mechanism behind Keras's `K.gradients` and `fit`).
///
/// Tensors read from a ``Variable`` and tensors passed through ``watch(_:)`` are differentiated;
/// every `K` function applied to them records how to pull gradients back. ``gradient(_:_:)``
/// then runs reverse-mode accumulation. Gradients are composed of `K` ops, so they run on the
/// selected backend.
///
/// ```swift
/// let w = Variable(Tensor([[1, 2], [3, 4]]), name: "w")
/// let tape = GradientTape()
/// let loss = tape.record { K.sum(K.square(w.value)) }
/// let dw = tape.gradient(loss, [w])[0]     // 2·w
/// ```
public final class GradientTape {
    public init() {}

    /// Runs `body` with recording on (even inside an outer ``K/noGradient(_:)`` scope).
    public func record<R>(_ body: () throws -> R) rethrows -> R {
        try GradientRecording.$isEnabled.withValue(true) { try body() }
    }

    /// `x` marked for differentiation: the result is the same values with a fresh leaf in the
    /// autodiff graph; pass the result, not `x`, to the computation and to ``gradient(_:_:)-(_,[Tensor])``.
    public func watch(_ x: Tensor) -> Tensor {
        var watched = x
        watched.gradNode = .leaf(shape: x.shape, dtype: x.dtype)
        return watched
    }

    /// d sum(target) / d source for each source (zeros where target does not depend on it).
    public func gradient(_ target: Tensor, _ sources: [Tensor]) -> [Tensor] {
        let grads = Backpropagation.gradients(of: target, seed: nil, with: sources.map(\.gradNode))
        return zip(grads, sources).map { $0 ?? Tensor(shape: $1.shape, repeating: 0, dtype: $1.dtype) }
    }

    /// d sum(target) / d variable for each variable (zeros where target does not depend on it).
    public func gradient(_ target: Tensor, _ variables: [Variable]) -> [Tensor] {
        gradient(target, variables, ready: nil)
    }

    /// As ``gradient(_:_:)-(_,[Variable])``, calling `ready(i, g)` during the backward pass as
    /// soon as variable `i`'s gradient `g` is final (nothing later adds to it), so work on it —
    /// the all-reduce of data-parallel training — can start while the backward pass goes on.
    /// Variables the target does not depend on are not announced.
    func gradient(_ target: Tensor, _ variables: [Variable], ready: ((Int, Tensor) -> Void)?) -> [Tensor] {
        let grads = Backpropagation.gradients(of: target, seed: nil, with: variables.map(\.leafNode), ready: ready)
        return zip(grads, variables).map { $0 ?? Tensor(shape: $1.shape, repeating: 0, dtype: $1.dtype) }
    }

    /// Vector-Jacobian product: d sum(target · cotangent) / d source for each source.
    public func gradient(_ target: Tensor, _ sources: [Tensor], cotangent: Tensor) -> [Tensor] {
        precondition(cotangent.shape == target.shape,
                     "GradientTape.gradient: cotangent shape \(cotangent.shape) differs from target shape \(target.shape)")
        let grads = Backpropagation.gradients(of: target, seed: cotangent, with: sources.map(\.gradNode))
        return zip(grads, sources).map { $0 ?? Tensor(shape: $1.shape, repeating: 0, dtype: $1.dtype) }
    }
}
