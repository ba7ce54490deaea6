/// The crossentropies of Keras 2's backend: categorical (dense targets), sparse categorical
/// (integer targets) and binary. They return one value per sample or position (the class axis
/// is reduced; nothing is averaged over the batch).
///
/// Probabilities are clipped to `[ε, 1 − ε]` with `ε = K.epsilon()`, as Keras 2 does, so a
/// perfectly wrong prediction costs `−log(1e-7) = 16.118`; the gradient is zero where the clip
/// is active (TensorFlow's `clip_by_value` gradient).
extension K {
    /// Crossentropy between a target distribution and a predicted one along `axis`.
    ///
    /// * Probabilities (`fromLogits: false`): `output` is renormalised along `axis`, clipped to
    ///   `[ε, 1 − ε]`, and the result is `−Σ target·log(output)`.
    /// * Logits (`fromLogits: true`): `−Σ target·logSoftmax(output)` (no clipping).
    ///
    /// `target` and `output` have the same shape; the result drops `axis`.
    ///
    /// Keras: `K.categorical_crossentropy(target, output, from_logits=False, axis=-1)`.
    ///
    /// ```swift
    /// K.categoricalCrossentropy(Tensor([[0, 1]]), Tensor([[0.5, 0.5]]))   // [0.693147]
    /// ```
    public static func categoricalCrossentropy(_ target: Tensor, _ output: Tensor, fromLogits: Bool = false,
                                               axis: Int = -1) -> Tensor {
        let op = "K.categorical_crossentropy"
        requireFloat(output, op, "output")
        requireSameDType(target, output, op, ("target", "output"))
        precondition(target.shape == output.shape,
                     "\(op): target shape \(target.shape) differs from output shape \(output.shape)")
        precondition(output.rank >= 1, "\(op): expected tensors of rank ≥ 1, received scalars")
        let a = Shape.normalizeAxis(axis, rank: output.rank, op: op)
        let t = target.detached, o = output.detached
        let keptShape = K.kernels.keptShape(output.shape, removing: a)

        if fromLogits {
            let logProbabilities = backend.logSoftmax(o, axis: a)
            let loss = K.kernels.unary(.negative, K.kernels.sum(K.kernels.multiply(t, logProbabilities), axes: [a], keepDims: false))
            return loss.recorded(from: [target, output]) { g in
                let ge = g.reshapedStorage(to: keptShape)
                // d/dt = −logSoftmax(z);  d/dz = softmax(z)·Σt − t
                let dTarget = K.kernels.multiply(K.kernels.unary(.negative, ge), logProbabilities)
                let softmax = K.kernels.unary(.exp, logProbabilities)
                let dLogits = K.kernels.subtract(K.kernels.multiply(softmax, K.kernels.sum(t, axes: [a])), t)
                return [dTarget, K.kernels.multiply(ge, dLogits)]
            }
        }

        let total = K.kernels.sum(o, axes: [a])
        let p = K.kernels.divide(o, total)
        let clipped = clipToEpsilon(p)
        let logClipped = K.kernels.unary(.log, clipped)
        let loss = K.kernels.unary(.negative, K.kernels.sum(K.kernels.multiply(t, logClipped), axes: [a], keepDims: false))
        return loss.recorded(from: [target, output]) { g in
            let ge = g.reshapedStorage(to: keptShape)
            let dTarget = K.kernels.multiply(K.kernels.unary(.negative, ge), logClipped)
            // dL/dp = −g·t/q where the clip is inactive; through p = o / Σo:
            // dL/do = (dL/dp − Σ dL/dp·p) / Σo.
            let dClipped = K.kernels.divide(K.kernels.multiply(K.kernels.unary(.negative, ge), t), clipped)
            let dP = K.kernels.keep(dClipped, where: insideEpsilonClip(p))
            let dOutput = K.kernels.divide(K.kernels.subtract(dP, K.kernels.sum(K.kernels.multiply(dP, p), axes: [a])), total)
            return [dTarget, dOutput]
        }
    }

    /// Crossentropy with integer targets: `−log softmax(output)[target]` for logits, and for
    /// probabilities the same applied to `log(clip(output, ε, 1 − ε))` (as Keras 2 does: the
    /// clipped probabilities are not renormalised first, log-softmax renormalises them).
    ///
    /// `output` has the classes on `axis`; the result has `output`'s shape without `axis`.
    /// `target` holds class indices in `0..<classes` (any dtype; floats are truncated, as
    /// Keras's cast to int64 does) and has the result's element count — `(N,)` and `(N, 1)` both
    /// work for a `(N, C)` output.
    ///
    /// Keras: `K.sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1)`.
    ///
    /// ```swift
    /// K.sparseCategoricalCrossentropy(Tensor([1], dtype: .int32), Tensor([[0.5, 0.5]]))   // [0.693147]
    /// ```
    public static func sparseCategoricalCrossentropy(_ target: Tensor, _ output: Tensor, fromLogits: Bool = false,
                                                     axis: Int = -1) -> Tensor {
        let op = "K.sparse_categorical_crossentropy"
        requireFloat(output, op, "output")
        precondition(output.rank >= 1, "\(op): expected an output of rank ≥ 1, received a scalar")
        let a = Shape.normalizeAxis(axis, rank: output.rank, op: op)
        // Move the class axis last, as Keras does by transposing.
        let (toLast, fromLast) = K.kernels.moveToEnd(axis: a, rank: output.rank)
        let o = a == output.rank - 1 ? output.detached : backend.transpose(output.detached, permutation: toLast)
        let classes = o.shape[o.rank - 1]
        let resultShape = Array(o.shape.dropLast())
        let rows = resultShape.reduce(1, *)
        precondition(target.count == rows,
                     "\(op): target of shape \(target.shape) does not match output of shape \(output.shape) (expected \(resultShape) targets, axis \(axis))")

        let oneHot = sparseTargetMask(target, rows: rows, classes: classes, dtype: output.dtype, op: op)
            .reshapedStorage(to: o.shape)
        let clipped = fromLogits ? nil : clipToEpsilon(o)
        let logits = clipped.map { K.kernels.unary(.log, $0) } ?? o
        let logProbabilities = backend.logSoftmax(logits, axis: o.rank - 1)
        let loss = K.kernels.unary(.negative, K.kernels.sum(K.kernels.multiply(oneHot, logProbabilities),
                                                            axes: [o.rank - 1], keepDims: false))
        return loss.recorded(from: [target, output]) { g in
            let ge = g.reshapedStorage(to: resultShape + [1])
            // d/dlogits = g·(softmax − onehot)
            let softmax = K.kernels.unary(.exp, logProbabilities)
            var dO = K.kernels.multiply(ge, K.kernels.subtract(softmax, oneHot))
            if let clipped {
                dO = K.kernels.keep(K.kernels.divide(dO, clipped), where: insideEpsilonClip(o))
            }
            if a != output.rank - 1 { dO = K.kernels.backend.transpose(dO, permutation: fromLast) }
            return [nil, dO]
        }
    }

    /// Element-wise binary crossentropy, with numpy broadcasting of `target` and `output`.
    ///
    /// * Probabilities: `o = clip(output, ε, 1 − ε)`, then
    ///   `−(t·log(o + ε) + (1 − t)·log(1 − o + ε))` — Keras 2.3 / tf.keras add ε inside the
    ///   logarithms as well, so a clipped prediction of 0 for a positive target costs
    ///   `−log(2e-7) = 15.4249`.
    /// * Logits: `max(z, 0) − z·t + log(1 + exp(−|z|))` (TensorFlow's
    ///   `sigmoid_cross_entropy_with_logits`).
    ///
    /// Keras: `K.binary_crossentropy(target, output, from_logits=False)`.
    ///
    /// ```swift
    /// K.binaryCrossentropy(Tensor([1, 0]), Tensor([0.5, 0.5]))   // [0.693147, 0.693147]
    /// ```
    public static func binaryCrossentropy(_ target: Tensor, _ output: Tensor, fromLogits: Bool = false) -> Tensor {
        let op = "K.binary_crossentropy"
        requireFloat(output, op, "output")
        requireSameDType(target, output, op, ("target", "output"))
        _ = Shape.broadcast(target.shape, output.shape, op: op)
        let t = target.detached, o = output.detached

        if fromLogits {
            let positivePart = K.kernels.unary(.relu, o)
            let softTail = K.kernels.unary(.log1p, K.kernels.unary(.exp, K.kernels.unary(.negative, K.kernels.unary(.abs, o))))
            let loss = K.kernels.add(K.kernels.subtract(positivePart, K.kernels.multiply(o, t)), softTail)
            return loss.recorded(from: [target, output]) { g in
                // d/dt = −z;  d/dz = σ(z) − t
                let dTarget = K.kernels.multiply(g, K.kernels.unary(.negative, o))
                let dLogits = K.kernels.multiply(g, K.kernels.subtract(K.kernels.unary(.sigmoid, o), t))
                return [unbroadcast(dTarget, to: target.shape), unbroadcast(dLogits, to: output.shape)]
            }
        }

        let epsilon = K.epsilon()
        let clipped = clipToEpsilon(o)
        let shiftedP = K.kernels.add(clipped, epsilon)                                      // o + ε
        let shiftedQ = K.kernels.add(K.kernels.add(K.kernels.unary(.negative, clipped), 1), epsilon)  // 1 − o + ε
        let logP = K.kernels.unary(.log, shiftedP), logQ = K.kernels.unary(.log, shiftedQ)
        let oneMinusT = K.kernels.add(K.kernels.unary(.negative, t), 1)
        let loss = K.kernels.unary(.negative, K.kernels.add(K.kernels.multiply(t, logP), K.kernels.multiply(oneMinusT, logQ)))
        return loss.recorded(from: [target, output]) { g in
            // d/dt = −(log(o+ε) − log(1−o+ε));  d/do = −t/(o+ε) + (1−t)/(1−o+ε) inside the clip
            let dTarget = K.kernels.multiply(g, K.kernels.subtract(logQ, logP))
            let dClipped = K.kernels.subtract(K.kernels.divide(oneMinusT, shiftedQ), K.kernels.divide(t, shiftedP))
            let dOutput = K.kernels.keep(K.kernels.multiply(g, dClipped), where: insideEpsilonClip(o))
            return [unbroadcast(dTarget, to: target.shape), unbroadcast(dOutput, to: output.shape)]
        }
    }

    // MARK: Helpers

    /// `clip(x, ε, 1 − ε)` with `ε = K.epsilon()` in `x`'s dtype.
    static func clipToEpsilon(_ x: Tensor) -> Tensor {
        let epsilon = K.epsilon()
        return K.kernels.minimum(K.kernels.maximum(x, K.kernels.scalar(epsilon, like: x)), K.kernels.scalar(1 - epsilon, like: x))
    }

    /// The `bool` mask of where ``clipToEpsilon(_:)`` lets the gradient through: `ε ≤ x ≤ 1 − ε`
    /// (TensorFlow's `clip_by_value` gradient).
    static func insideEpsilonClip(_ x: Tensor) -> Tensor {
        let epsilon = K.epsilon()
        return backend.binary(.logicalAnd, K.kernels.compare(.greaterEqual, x, epsilon), K.kernels.compare(.lessEqual, x, 1 - epsilon))
    }

    /// The one-hot `(rows, classes)` mask of integer targets in `dtype`, trapping on targets out
    /// of `0..<classes` (TensorFlow raises for them on CPU).
    static func sparseTargetMask(_ target: Tensor, rows: Int, classes: Int, dtype: DType, op: String) -> Tensor {
        let flat = target.detached.reshapedStorage(to: [rows, 1])
        let indices = flat.dtype == .int64 ? flat : backend.cast(flat, to: .int64)
        let labels = indices.scalars(as: Int64.self)
        if let bad = labels.first(where: { $0 < 0 || $0 >= Int64(classes) }) {
            preconditionFailure("\(op): target value \(bad) is outside the valid range [0, \(classes))")
        }
        let classIndices = Tensor((0..<Int64(classes)).map { $0 }, shape: [1, classes])
        return backend.cast(backend.binary(.equal, indices, classIndices), to: dtype)
    }
}
