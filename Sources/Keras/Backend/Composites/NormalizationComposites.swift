// Batch and layer normalisation composed from a backend's primitives: what the reference
// backend runs, what a plugin backend runs when its plugin declines the fused kernel, and the
// semantics the plugins' kernels match (float32 and float64).

/// How a normalisation sees `x`: a free reshape to `view`, statistics reduced over
/// `statisticAxes` (kept as size-1 dimensions), and scale/shift broadcast along the others.
///
/// Batch normalisation views `x` as `(outer, channels, inner)` around its channel axis and
/// reduces over `[0, 2]`; layer normalisation views it as `(rows, features)` and reduces over
/// `[1]`, its scale and shift gradients summing over `[0]`.
struct NormalizationView {
    let view: [Int]
    let statisticAxes: [Int]
    let parameterAxes: [Int]
    /// `view` with the statistic axes set to 1, and with the parameter axes set to 1.
    let statisticShape: [Int], parameterShape: [Int]

    private init(view: [Int], statisticAxes: [Int], parameterAxes: [Int]) {
        (self.view, self.statisticAxes, self.parameterAxes) = (view, statisticAxes, parameterAxes)
        var s = view, q = view
        for a in statisticAxes { s[a] = 1 }
        for a in parameterAxes { q[a] = 1 }
        (statisticShape, parameterShape) = (s, q)
    }

    /// Per channel along `axis` of `shape`: `(outer, channels, inner)`.
    static func batch(_ shape: [Int], axis: Int) -> NormalizationView {
        precondition(axis >= 0 && axis < shape.count, "batch normalisation: axis \(axis) out of range for shape \(shape)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        return NormalizationView(view: [outer, shape[axis], inner], statisticAxes: [0, 2], parameterAxes: [0, 2])
    }

    /// Per row over the trailing axes `axis..<rank` of `shape`: `(rows, features)`.
    static func layer(_ shape: [Int], axis: Int) -> NormalizationView {
        precondition(axis >= 0 && axis < shape.count, "layer normalisation: axis \(axis) out of range for shape \(shape)")
        return NormalizationView(view: [shape[..<axis].reduce(1, *), shape[axis...].reduce(1, *)],
                                 statisticAxes: [1], parameterAxes: [0])
    }
}

/// The composed kernels, written once for both normalisations over a ``NormalizationView``.
enum NormalizationComposites {
    /// `(x − mean) / sqrt(variance + ε) · gamma + beta`; statistics in the view's statistic
    /// shape, `gamma`/`beta` in its parameter shape (any shapes with those element counts).
    static func normalize(_ b: any Backend, _ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                          _ v: NormalizationView, epsilon: Double) -> Tensor {
        let xv = x.reshapedStorage(to: v.view)
        let m = mean.reshapedStorage(to: v.statisticShape), s = variance.reshapedStorage(to: v.statisticShape)
        let std = b.unary(.sqrt, b.binary(.add, s, Tensor(scalar: epsilon, dtype: x.dtype)))
        var y = b.binary(.divide, b.binary(.subtract, xv, m), std)
        if let gamma { y = b.binary(.multiply, y, gamma.reshapedStorage(to: v.parameterShape)) }
        if let beta { y = b.binary(.add, y, beta.reshapedStorage(to: v.parameterShape)) }
        return y.reshapedStorage(to: x.shape)
    }

    /// The mean and biased variance over the view's statistic axes, in its statistic shape.
    static func moments(_ b: any Backend, _ x: Tensor, _ v: NormalizationView) -> (mean: Tensor, variance: Tensor) {
        let xv = x.reshapedStorage(to: v.view)
        let mean = b.reduce(.mean, xv, axes: v.statisticAxes, keepDims: true)
        let centered = b.binary(.subtract, xv, mean)
        return (mean, b.reduce(.mean, b.unary(.square, centered), axes: v.statisticAxes, keepDims: true))
    }

    /// The training-mode gradient: with `x̂ = (x − mean)·r`, `r = 1/sqrt(variance + ε)` and
    /// `g = dy·gamma`, `dx = r·(g − mean(g) − x̂·mean(g·x̂))` (means over each statistic's
    /// group), `dgamma = Σ dy·x̂` and `dbeta = Σ dy` over the parameter axes.
    static func backward(_ b: any Backend, _ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                         _ v: NormalizationView, epsilon: Double) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        let xv = x.reshapedStorage(to: v.view), dyv = dy.reshapedStorage(to: v.view)
        let m = mean.reshapedStorage(to: v.statisticShape), s = variance.reshapedStorage(to: v.statisticShape)
        let one = Tensor(scalar: 1, dtype: x.dtype)
        let r = b.binary(.divide, one, b.unary(.sqrt, b.binary(.add, s, Tensor(scalar: epsilon, dtype: x.dtype))))
        let xhat = b.binary(.multiply, b.binary(.subtract, xv, m), r)
        let dbeta = b.reduce(.sum, dyv, axes: v.parameterAxes, keepDims: true)
        let dgamma = b.reduce(.sum, b.binary(.multiply, dyv, xhat), axes: v.parameterAxes, keepDims: true)
        let g = gamma.map { b.binary(.multiply, dyv, $0.reshapedStorage(to: v.parameterShape)) } ?? dyv
        let meanG = b.reduce(.mean, g, axes: v.statisticAxes, keepDims: true)
        let meanGX = b.reduce(.mean, b.binary(.multiply, g, xhat), axes: v.statisticAxes, keepDims: true)
        let inner = b.binary(.subtract, b.binary(.subtract, g, meanG), b.binary(.multiply, xhat, meanGX))
        let dx = b.binary(.multiply, inner, r)
        return (dx.reshapedStorage(to: x.shape), dgamma, dbeta)
    }

    // MARK: The Backend requirements, composed on `b`

    static func batchNormalization(_ b: any Backend, _ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> Tensor {
        normalize(b, x, mean: mean, variance: variance, gamma: gamma, beta: beta, .batch(x.shape, axis: p.axis), epsilon: p.epsilon)
    }

    static func batchNormalizationTraining(_ b: any Backend, _ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                           _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        let v = NormalizationView.batch(x.shape, axis: p.axis)
        let (mean, variance) = moments(b, x, v)
        let y = normalize(b, x, mean: mean, variance: variance, gamma: gamma, beta: beta, v, epsilon: p.epsilon)
        let channels = [x.shape[p.axis]]
        return (y, mean.reshapedStorage(to: channels), variance.reshapedStorage(to: channels))
    }

    static func batchNormalizationBackward(_ b: any Backend, _ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor,
                                           gamma: Tensor?, _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        let r = backward(b, x, dy, mean: mean, variance: variance, gamma: gamma, .batch(x.shape, axis: p.axis), epsilon: p.epsilon)
        let channels = [x.shape[p.axis]]
        return (r.dx, r.dgamma.reshapedStorage(to: channels), r.dbeta.reshapedStorage(to: channels))
    }

    static func layerNormalization(_ b: any Backend, _ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        let v = NormalizationView.layer(x.shape, axis: p.axis)
        let (mean, variance) = moments(b, x, v)
        let y = normalize(b, x, mean: mean, variance: variance, gamma: gamma, beta: beta, v, epsilon: p.epsilon)
        let rows = Array(x.shape[..<p.axis])
        return (y, mean.reshapedStorage(to: rows), variance.reshapedStorage(to: rows))
    }

    static func layerNormalizationBackward(_ b: any Backend, _ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor,
                                           gamma: Tensor?, _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        let r = backward(b, x, dy, mean: mean, variance: variance, gamma: gamma, .layer(x.shape, axis: p.axis), epsilon: p.epsilon)
        let features = Array(x.shape[p.axis...])
        return (r.dx, r.dgamma.reshapedStorage(to: features), r.dbeta.reshapedStorage(to: features))
    }
}

extension Backend {
    public func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> Tensor {
        NormalizationComposites.batchNormalization(self, x, mean: mean, variance: variance, gamma: gamma, beta: beta, p)
    }

    public func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                           _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        NormalizationComposites.batchNormalizationTraining(self, x, gamma: gamma, beta: beta, p)
    }

    public func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        NormalizationComposites.batchNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p)
    }

    public func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        NormalizationComposites.layerNormalization(self, x, gamma: gamma, beta: beta, p)
    }

    public func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        NormalizationComposites.layerNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p)
    }
}
