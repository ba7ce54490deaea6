/// Normalisation: `bias_add`, `batch_normalization`, `normalize_batch_in_training`,
/// `l2_normalize`.
extension K {
    /// Adds a bias along the channel axis.
    ///
    /// * A 1-D `bias` of size `C` is added along the channel axis that `dataFormat` names:
    ///   the last axis for `channelsLast`, axis 1 for `channelsFirst` (any rank ≥ 2).
    /// * A bias of rank `x.rank − 1` (3-D, 4-D and 5-D `x` only) is reshaped to
    ///   `(1,) + bias.shape` (channels last) or `(1, bias.shape[-1]) + bias.shape[:-1]`
    ///   (channels first — a reshape, as Keras does, not a transpose) and added.
    ///
    /// Keras: `K.bias_add(x, bias, data_format=None)`.
    ///
    /// ```swift
    /// K.biasAdd(Tensor([[1, 2], [3, 4]]), Tensor([10, 20]))   // [[11, 22], [13, 24]]
    /// ```
    public static func biasAdd(_ x: Tensor, _ bias: Tensor, dataFormat: KerasConfig.ImageDataFormat? = nil) -> Tensor {
        let op = "K.bias_add"
        requireFloat(x, op)
        requireSameDType(x, bias, op, ("x", "bias"))
        let format = dataFormat ?? imageDataFormat()
        precondition(bias.rank == 1 || bias.rank == x.rank - 1,
                     "\(op): unexpected bias dimensions \(bias.rank), expected 1 or \(x.rank - 1) (x \(x.shape), bias \(bias.shape))")
        let broadcastShape: [Int]
        if bias.rank == 1 {
            precondition(x.rank >= 2, "\(op): x must have rank ≥ 2, received \(x.shape)")
            let channelAxis = format == .channelsFirst ? 1 : x.rank - 1
            precondition(bias.shape[0] == x.shape[channelAxis],
                         "\(op): bias of size \(bias.shape[0]) does not match \(x.shape[channelAxis]) channels on axis \(channelAxis) of \(x.shape)")
            var shape = [Int](repeating: 1, count: x.rank)
            shape[channelAxis] = bias.shape[0]
            broadcastShape = shape
        } else {
            precondition((3...5).contains(x.rank),
                         "\(op): a bias of rank \(bias.rank) needs x of rank 3, 4 or 5, received \(x.shape)")
            broadcastShape = format == .channelsFirst
                ? [1, bias.shape[bias.rank - 1]] + bias.shape.dropLast()
                : [1] + bias.shape
        }
        let b = bias.detached.reshapedStorage(to: broadcastShape)
        _ = Shape.broadcast(x.shape, b.shape, op: op)
        precondition(Shape.broadcast(x.shape, b.shape) == x.shape,
                     "\(op): bias of shape \(bias.shape) does not fit x of shape \(x.shape)")
        let y = K.kernels.add(x.detached, b)
        return y.recorded(from: [x, bias]) { g in
            [g, unbroadcast(g, to: broadcastShape).reshapedStorage(to: bias.shape)]
        }
    }

    /// Normalises `x` with given statistics: `(x − mean) / sqrt(var + epsilon) · gamma + beta`.
    ///
    /// `mean`, `variance`, `beta` and `gamma` broadcast against `x` with numpy rules (as Keras's
    /// `tf.nn.batch_normalization` path does); a 1-D statistic whose size matches
    /// `x.shape[axis]` for a non-last `axis` is aligned with that axis (as the fused
    /// channels-first path does). `beta` and `gamma` may be nil (no shift, no scale).
    ///
    /// For 4-D `x` normalised along the last axis Keras runs TensorFlow's fused kernel, which
    /// raises `epsilon` to at least `1.001e-5`; so does this function.
    ///
    /// Keras: `K.batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3)`.
    ///
    /// ```swift
    /// K.batchNormalization(Tensor([[1, 3]]), mean: Tensor([2, 2]), variance: Tensor([1, 1]),
    ///                      beta: nil, gamma: nil, epsilon: 0)   // [[-1, 1]]
    /// ```
    public static func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, beta: Tensor? = nil, gamma: Tensor? = nil,
                                          axis: Int = -1, epsilon: Double = 1e-3) -> Tensor {
        let op = "K.batch_normalization"
        requireFloat(x, op)
        for (name, t) in [("mean", mean), ("var", variance), ("beta", beta), ("gamma", gamma)] {
            if let t { requireSameDType(x, t, op, ("x", name)) }
        }
        let a = Shape.normalizeAxis(axis, rank: Swift.max(x.rank, 1), op: op)
        let epsilon = x.rank == 4 && a == 3 ? Swift.max(epsilon, fusedBatchNormMinimumEpsilon) : epsilon
        // Where a 1-D statistic goes: along `axis` when it is not the last axis.
        func aligned(_ t: Tensor) -> [Int] {
            guard t.rank == 1, a != x.rank - 1, x.rank > 1, t.shape[0] == x.shape[a] else { return t.shape }
            var shape = [Int](repeating: 1, count: x.rank)
            shape[a] = t.shape[0]
            return shape
        }
        let meanShape = aligned(mean), varShape = aligned(variance)
        let betaShape = beta.map(aligned), gammaShape = gamma.map(aligned)
        for (name, shape) in [("mean", meanShape), ("var", varShape), ("beta", betaShape), ("gamma", gammaShape)] {
            guard let shape else { continue }
            precondition(Shape.broadcast(x.shape, shape) == x.shape,
                         "\(op): \(name) of shape \(shape) does not broadcast to x of shape \(x.shape)")
        }
        let xd = x.detached
        let m = mean.detached.reshapedStorage(to: meanShape)
        let v = variance.detached.reshapedStorage(to: varShape)
        let g = gamma.map { $0.detached.reshapedStorage(to: gammaShape!) }
        let b = beta.map { $0.detached.reshapedStorage(to: betaShape!) }

        let inverseStd = K.kernels.unary(.rsqrt, K.kernels.add(v, epsilon))
        let centered = K.kernels.subtract(xd, m)
        let normalized = K.kernels.multiply(centered, inverseStd)
        var y = g.map { K.kernels.multiply(normalized, $0) } ?? normalized
        if let b { y = K.kernels.add(y, b) }

        var inputs = [x, mean, variance]
        if let beta { inputs.append(beta) }
        if let gamma { inputs.append(gamma) }
        return y.recorded(from: inputs) { dy in
            // dy·gamma·r is the gradient of x; the statistics collect the sums over broadcast axes.
            let scaled = g.map { K.kernels.multiply(dy, $0) } ?? dy
            let dx = K.kernels.multiply(scaled, inverseStd)
            let dMean = unbroadcast(K.kernels.unary(.negative, dx), to: meanShape).reshapedStorage(to: mean.shape)
            // d/dv = −½·(x − m)·r³·dy·gamma
            let r3 = K.kernels.multiply(K.kernels.unary(.square, inverseStd), inverseStd)
            let dVarFull = K.kernels.multiply(K.kernels.multiply(scaled, centered), K.kernels.multiply(r3, -0.5))
            let dVar = unbroadcast(dVarFull, to: varShape).reshapedStorage(to: variance.shape)
            var grads: [Tensor?] = [unbroadcast(dx, to: x.shape), dMean, dVar]
            if let beta, let betaShape {
                grads.append(unbroadcast(dy, to: betaShape).reshapedStorage(to: beta.shape))
            }
            if let gamma, let gammaShape {
                grads.append(unbroadcast(K.kernels.multiply(dy, normalized), to: gammaShape).reshapedStorage(to: gamma.shape))
            }
            return grads
        }
    }

    /// Normalises `x` with its own moments over `reductionAxes` (a training step of batch
    /// normalisation) and returns `(normed, mean, variance)`.
    ///
    /// `normed` uses the biased variance (divided by the number of reduced elements `N`).
    /// `mean` and `variance` have `x`'s shape without the reduced axes; `variance` is the biased
    /// one too, except where Keras's TensorFlow backend runs its fused kernel — 4-D `x` reduced
    /// over `[0, 1, 2]` — which returns the Bessel-corrected `N/(N − 1)` variance (and raises
    /// `epsilon` to at least `1.001e-5`); that is reproduced. `gamma` and `beta` have the
    /// reduced shape (or broadcast to the kept-dims shape), or are nil. Gradients flow through
    /// the moments. When one axis is kept and gamma / beta have its size, this runs the
    /// backend's batch normalisation kernels (one fused forward, one backward).
    ///
    /// Keras: `K.normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3)`.
    ///
    /// ```swift
    /// let (y, m, v) = K.normalizeBatchInTraining(Tensor([[1], [3]]), gamma: nil, beta: nil,
    ///                                            reductionAxes: [0], epsilon: 0)
    /// // y = [[-1], [1]], m = [2], v = [1]
    /// ```
    public static func normalizeBatchInTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?, reductionAxes: [Int],
                                                epsilon: Double = 1e-3) -> (normed: Tensor, mean: Tensor, variance: Tensor) {
        let op = "K.normalize_batch_in_training"
        requireFloat(x, op)
        let axes = Shape.normalizeAxes(reductionAxes, rank: x.rank, op: op)
        precondition(!axes.isEmpty, "\(op): reduction_axes must not be empty")
        var keptShape = x.shape
        for a in axes { keptShape[a] = 1 }
        let squeezedShape = x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        let fused = x.rank == 4 && axes == [0, 1, 2]
        let count = axes.reduce(1) { $0 * x.shape[$1] }
        // One kept axis, and a gamma / beta of its size (which the composed path reshapes to
        // it): exactly the backend's batch normalisation kernel.
        let kept = (0..<x.rank).filter { !axes.contains($0) }
        if kept.count == 1, [gamma, beta].allSatisfy({ $0 == nil || $0!.count == x.shape[kept[0]] }) {
            for (name, t) in [("gamma", gamma), ("beta", beta)] {
                if let t { requireSameDType(x, t, op, ("x", name)) }
            }
            let p = NormalizationParameters(axis: kept[0], epsilon: fused ? Swift.max(epsilon, fusedBatchNormMinimumEpsilon) : epsilon)
            let (normed, mean, variance) = normalizeBatchOnKernel(x, gamma: gamma, beta: beta, p)
            let reported = fused && count > 1 ? multiply(variance, scalar(Double(count) / Double(count - 1), like: x)) : variance
            return (normed, mean, reported)
        }
        let (mean, variance) = moments(x, axes: axes)
        func broadcastable(_ t: Tensor?, _ name: String) -> Tensor? {
            guard let t else { return nil }
            if t.count == keptShape.reduce(1, *), t.shape != keptShape { return reshape(t, keptShape) }
            precondition(Shape.broadcast(x.shape, t.shape) == x.shape,
                         "\(op): \(name) of shape \(t.shape) does not fit x of shape \(x.shape) reduced over \(axes)")
            return t
        }
        let normed = batchNormalization(x, mean: mean, variance: variance, beta: broadcastable(beta, "beta"),
                                        gamma: broadcastable(gamma, "gamma"), axis: -1,
                                        epsilon: fused ? Swift.max(epsilon, fusedBatchNormMinimumEpsilon) : epsilon)
        var reportedVariance = reshape(variance, squeezedShape)
        if fused && count > 1 {
            reportedVariance = multiply(reportedVariance, scalar(Double(count) / Double(count - 1), like: x))
        }
        return (normed, reshape(mean, squeezedShape), reportedVariance)
    }

    /// Training-mode batch normalisation along channel axis `p.axis` on the backend's kernel:
    /// `normed` differentiated through the backward kernel, and the batch's mean and biased
    /// variance (shape `[C]`), each differentiable with respect to `x` too.
    static func normalizeBatchOnKernel(_ x: Tensor, gamma: Tensor?, beta: Tensor?, _ p: NormalizationParameters)
        -> (normed: Tensor, mean: Tensor, variance: Tensor) {
        let math = kernels
        let xd = x.detached
        let channels = [x.shape[p.axis]]
        let (normed, mean, variance) = batchNormalizationTraining(x, gamma: gamma.map { reshape($0, channels) },
                                                                  beta: beta.map { reshape($0, channels) },
                                                                  axis: p.axis, epsilon: p.epsilon)
        // d mean / dx = 1/N per element; d variance / dx = 2·(x − mean)/N.
        let view = NormalizationView.batch(x.shape, axis: p.axis)
        let n = Double(x.count / Swift.max(channels[0], 1))
        let recordedMean = mean.recorded(from: [x]) { g in
            let spread = math.backend.broadcast(math.multiply(g, 1 / n).reshapedStorage(to: view.statisticShape), to: view.view)
            return [spread.reshapedStorage(to: x.shape)]
        }
        let recordedVariance = variance.recorded(from: [x]) { g in
            let centered = math.subtract(xd.reshapedStorage(to: view.view), mean.reshapedStorage(to: view.statisticShape))
            let scaled = math.multiply(g, 2 / n).reshapedStorage(to: view.statisticShape)
            return [math.multiply(centered, scaled).reshapedStorage(to: x.shape)]
        }
        return (normed, recordedMean, recordedVariance)
    }

    /// The smallest epsilon TensorFlow's fused batch normalisation accepts (cuDNN's limit).
    static let fusedBatchNormMinimumEpsilon = 1.001e-5

    /// Mean and biased variance over `axes` (kept as size-1 dimensions), both recorded.
    static func moments(_ x: Tensor, axes: [Int]) -> (mean: Tensor, variance: Tensor) {
        let count = Double(axes.reduce(1) { $0 * x.shape[$1] })
        let xd = x.detached
        let mean = K.kernels.multiply(K.kernels.sum(xd, axes: axes), 1 / count)
        let centered = K.kernels.subtract(xd, mean)
        let variance = K.kernels.multiply(K.kernels.sum(K.kernels.unary(.square, centered), axes: axes), 1 / count)
        let recordedMean = mean.recorded(from: [x]) { g in
            [K.kernels.backend.broadcast(K.kernels.multiply(g, 1 / count), to: x.shape)]
        }
        let recordedVariance = variance.recorded(from: [x]) { g in
            [K.kernels.multiply(K.kernels.multiply(g, centered), 2 / count)]
        }
        return (recordedMean, recordedVariance)
    }

    /// Scales `x` to unit L2 norm along `axes`: `x / sqrt(max(Σ x², 1e-12))`
    /// (TensorFlow's `l2_normalize`). `axes: nil` normalises over all elements, batch included.
    ///
    /// Keras: `K.l2_normalize(x, axis=None)`.
    ///
    /// ```swift
    /// K.l2Normalize(Tensor([[3, 4]]), axis: -1)   // [[0.6, 0.8]]
    /// ```
    public static func l2Normalize(_ x: Tensor, axes: [Int]? = nil) -> Tensor {
        let op = "K.l2_normalize"
        requireFloat(x, op)
        let reduced = Shape.normalizeAxes(axes, rank: x.rank, op: op)
        let xd = x.detached
        let squareSum = K.kernels.sum(K.kernels.unary(.square, xd), axes: reduced)
        let floor = K.kernels.scalar(1e-12, like: x)
        let inverseNorm = K.kernels.unary(.rsqrt, K.kernels.maximum(squareSum, floor))
        let y = K.kernels.multiply(xd, inverseNorm)
        return y.recorded(from: [x]) { g in
            // dx = g·r + x·(dr/ds)·2·Σ g·x, with dr/ds = −½ r³ where Σx² exceeds the floor.
            let direct = K.kernels.multiply(g, inverseNorm)
            let above = backend.binary(.greaterEqual, squareSum, floor)
            let r3 = K.kernels.multiply(K.kernels.unary(.square, inverseNorm), inverseNorm)
            let projection = K.kernels.sum(K.kernels.multiply(g, xd), axes: reduced)
            let correction = K.kernels.keep(K.kernels.multiply(K.kernels.multiply(r3, projection), -1), where: above)
            return [K.kernels.add(direct, K.kernels.multiply(xd, correction))]
        }
    }

    /// ``l2Normalize(_:axes:)`` along one axis.
    ///
    /// Keras: `K.l2_normalize(x, axis)`.
    ///
    /// ```swift
    /// K.l2Normalize(Tensor([[3, 4]]), axis: 1)   // [[0.6, 0.8]]
    /// ```
    public static func l2Normalize(_ x: Tensor, axis: Int) -> Tensor { l2Normalize(x, axes: [axis]) }
}
