// Batch normalisation as a layer runs it, on the backend's fused kernels, with its gradients:
// training mode (the batch's statistics, differentiated through the backward kernel) and
// inference mode (given statistics). `BatchNormalization` calls these; `K.normalizeBatchInTraining`
// builds on the training one.
extension K {
    /// Training-mode batch normalisation along channel axis `axis`: the batch's mean and biased
    /// variance per channel (over every other axis), and `x` normalised with them, scaled by
    /// `gamma` and shifted by `beta` (each `[channels]`, or nil). The output's gradient with
    /// respect to `x`, `gamma` and `beta` runs the backend's backward kernel (the statistics are
    /// functions of `x`); the returned statistics are values, not differentiated (for
    /// differentiable moments use ``normalizeBatchInTraining(_:gamma:beta:reductionAxes:epsilon:)``).
    ///
    /// ```swift
    /// let (y, mean, variance) = K.batchNormalizationTraining(Tensor([[1], [3]]), axis: 1, epsilon: 0)
    /// // y = [[-1], [1]], mean = [2], variance = [1]
    /// ```
    ///
    /// Keras: `BatchNormalization.call(training=True)` (`keras/src/layers/normalization/batch_normalization.py`).
    public static func batchNormalizationTraining(_ x: Tensor, gamma: Tensor? = nil, beta: Tensor? = nil, axis: Int,
                                                  epsilon: Double = 1e-3) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        let p = batchNormalizationParameters(x, gamma: gamma, beta: beta, axis: axis, epsilon: epsilon, "K.batchNormalizationTraining")
        let b = backend
        let (xd, gd) = (x.detached, gamma?.detached)
        let (y, mean, variance) = b.batchNormalizationTraining(xd, gamma: gd, beta: beta?.detached, p)
        let recorded = y.recorded(from: [x] + [gamma, beta].compactMap { $0 }) { dy in
            let r = b.batchNormalizationBackward(xd, dy, mean: mean, variance: variance, gamma: gd, p)
            return [r.dx] + (gamma == nil ? [] : [r.dgamma]) + (beta == nil ? [] : [r.dbeta])
        }
        return (recorded, mean, variance)
    }

    /// Inference-mode batch normalisation with given statistics along channel axis `axis`:
    /// `(x − mean) / sqrt(variance + ε) · gamma + beta` on the backend's fused kernel. Its
    /// gradient holds the statistics constant: `dx = dy·gamma/sqrt(variance + ε)`,
    /// `dgamma = Σ dy·x̂`, `dbeta = Σ dy` per channel; `mean` and `variance` get none.
    ///
    /// ```swift
    /// K.batchNormalizationInference(Tensor([[1], [3]]), mean: Tensor([2]), variance: Tensor([1]),
    ///                               axis: 1, epsilon: 0)   // [[-1], [1]]
    /// ```
    ///
    /// Keras: `BatchNormalization.call(training=False)`.
    public static func batchNormalizationInference(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor? = nil,
                                                   beta: Tensor? = nil, axis: Int, epsilon: Double = 1e-3) -> Tensor {
        let op = "K.batchNormalizationInference"
        let p = batchNormalizationParameters(x, gamma: gamma, beta: beta, axis: axis, epsilon: epsilon, op)
        for (name, t) in [("mean", mean), ("variance", variance)] {
            precondition(t.shape == [x.shape[p.axis]], "\(op): \(name) \(t.shape) must be [\(x.shape[p.axis])]")
            requireSameDType(x, t, op, ("x", name))
        }
        let b = backend
        let (xd, md, vd, gd) = (x.detached, mean.detached, variance.detached, gamma?.detached)
        let y = b.batchNormalization(xd, mean: md, variance: vd, gamma: gd, beta: beta?.detached, p)
        return y.recorded(from: [x] + [gamma, beta].compactMap { $0 }) { dy in
            let math = KernelMath(b)
            let view = NormalizationView.batch(x.shape, axis: p.axis)
            let channels = [x.shape[p.axis]]
            let dyv = dy.reshapedStorage(to: view.view)
            let std = math.unary(.sqrt, math.add(vd, p.epsilon))
            let scale = gd.map { math.divide($0, std) } ?? math.divide(math.scalar(1, like: x), std)
            let dx = math.multiply(dyv, scale.reshapedStorage(to: view.statisticShape))
            var grads: [Tensor?] = [dx.reshapedStorage(to: x.shape)]
            if gamma != nil {
                let xhat = b.batchNormalization(xd, mean: md, variance: vd, gamma: nil, beta: nil, p).reshapedStorage(to: view.view)
                grads.append(math.sum(math.multiply(dyv, xhat), axes: view.parameterAxes, keepDims: false).reshapedStorage(to: channels))
            }
            if beta != nil {
                grads.append(math.sum(dyv, axes: view.parameterAxes, keepDims: false).reshapedStorage(to: channels))
            }
            return grads
        }
    }

    /// Validates a batch normalisation's operands and returns its parameters (axis normalised).
    private static func batchNormalizationParameters(_ x: Tensor, gamma: Tensor?, beta: Tensor?, axis: Int, epsilon: Double,
                                                     _ op: String) -> NormalizationParameters {
        requireFloat(x, op)
        precondition(axis >= -x.rank && axis < x.rank, "\(op): axis \(axis) is out of range for rank \(x.rank)")
        let a = axis < 0 ? axis + x.rank : axis
        for (name, t) in [("gamma", gamma), ("beta", beta)] {
            guard let t else { continue }
            precondition(t.shape == [x.shape[a]], "\(op): \(name) \(t.shape) must be [\(x.shape[a])]")
            requireSameDType(x, t, op, ("x", name))
        }
        return NormalizationParameters(axis: a, epsilon: epsilon)
    }
}
