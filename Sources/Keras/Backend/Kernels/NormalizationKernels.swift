import CKerasABI
import KerasKernelTypes

// The normalisation kernels of every backend, in one place: the `Backend` requirements
// (``NormalizationKernels``), each kernel's call of its plugin slot on a plugin backend
// (`dispatch`: the outputs, the C arguments, else the reference kernel or the composition), and
// its hand-on in a forwarding backend (`forward`: the op code, dtype, work and operands that
// `auto`'s router and the step profiler read). A new kernel of this family adds one of each here
// (docs/architecture.md).

/// Batch and layer normalisation with their gradients (composites).
///
/// Part of ``Backend``; the pure-Swift implementations are in `Backend/Reference` (primitives)
/// and `Backend/Composites` (the composites' defaults).
public protocol NormalizationKernels: AnyObject, Sendable {
    /// Batch normalisation with given statistics (inference):
    /// `(x − mean) / sqrt(variance + ε) · gamma + beta`, per channel along `p.axis`.
    /// `mean`, `variance`, `gamma`, `beta` hold `x.shape[p.axis]` elements; `gamma`/`beta` may be
    /// nil (no scale, no shift). Output: `x`'s shape. The inference forward of Keras's
    /// `BatchNormalization`.
    func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                            _ p: NormalizationParameters) -> Tensor

    /// Training-mode batch normalisation: the batch's mean and biased variance per channel (over
    /// every axis but `p.axis`), each of shape `[x.shape[p.axis]]`, and `x` normalised with them.
    func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                    _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor)

    /// Gradient of ``batchNormalizationTraining(_:gamma:beta:_:)`` (the statistics are functions
    /// of `x`), given the statistics it returned: `dx` (`x`'s shape) and, per channel,
    /// `dgamma = Σ dy·x̂`, `dbeta = Σ dy` (always computed; a nil `gamma` is a scale of 1).
    func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                    _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor)

    /// Layer normalisation over the trailing axes `p.axis..<rank` taken together:
    /// each leading row is normalised with its own mean and biased variance, then scaled by
    /// `gamma` and shifted by `beta` (shape `x.shape[p.axis...]`, either may be nil). Returns the
    /// output (`x`'s shape) and the statistics (shape `x.shape[..<p.axis]`) for the backward pass.
    func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                            _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor)

    /// Gradient of ``layerNormalization(_:gamma:beta:_:)`` given its statistics: `dx`, and
    /// `dgamma = Σ dy·x̂`, `dbeta = Σ dy` over the rows (shape `x.shape[p.axis...]`).
    func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                    _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor)
}

extension PluginBackend {
    public func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> Tensor {
        dispatch(.batchNormalization, \.batch_normalization, [x, mean, variance, gamma, beta], params: p, outputs: {
            one(Tensor(uninitializedShape: x.shape, dtype: x.dtype))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), d.input(2), d.input(3), d.input(4), params, d.output(0)) }?[0]
            ?? NormalizationComposites.batchNormalization(self, x, mean: mean, variance: variance, gamma: gamma, beta: beta, p)
    }

    public func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                           _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        let ran = dispatch(.batchNormalizationTraining, \.batch_normalization_training, [x, gamma, beta], params: p, outputs: {
            Self.normalized(x, statistics: [x.shape[p.axis]])
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), d.input(2), params, d.output(0), d.output(1), d.output(2)) }
        if let r = ran { return (r[0], r[1], r[2]) }
        return NormalizationComposites.batchNormalizationTraining(self, x, gamma: gamma, beta: beta, p)
    }

    public func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        let ran = dispatch(.batchNormalizationBackward, \.batch_normalization_backward, [x, dy, mean, variance, gamma], params: p, outputs: {
            Self.normalized(x, statistics: [x.shape[p.axis]])
        }) { f, ctx, d, params in
            f(ctx, d.input(0), d.input(1), d.input(2), d.input(3), d.input(4), params, d.output(0), d.output(1), d.output(2))
        }
        if let r = ran { return (r[0], r[1], r[2]) }
        return NormalizationComposites.batchNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p)
    }

    public func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        let ran = dispatch(.layerNormalization, \.layer_normalization, [x, gamma, beta], params: p, outputs: {
            Self.normalized(x, statistics: Array(x.shape[..<p.axis]))
        }) { f, ctx, d, params in f(ctx, d.input(0), d.input(1), d.input(2), params, d.output(0), d.output(1), d.output(2)) }
        if let r = ran { return (r[0], r[1], r[2]) }
        return NormalizationComposites.layerNormalization(self, x, gamma: gamma, beta: beta, p)
    }

    public func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        let ran = dispatch(.layerNormalizationBackward, \.layer_normalization_backward, [x, dy, mean, variance, gamma], params: p, outputs: {
            Self.normalized(x, statistics: Array(x.shape[p.axis...]))
        }) { f, ctx, d, params in
            f(ctx, d.input(0), d.input(1), d.input(2), d.input(3), d.input(4), params, d.output(0), d.output(1), d.output(2))
        }
        if let r = ran { return (r[0], r[1], r[2]) }
        return NormalizationComposites.layerNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p)
    }

    /// The three outputs of a normalisation slot: one shaped like `x`, two of `statistics`
    /// (mean and variance forward; dgamma and dbeta backward).
    private static func normalized(_ x: Tensor, statistics: [Int]) -> [Tensor] {
        [Tensor(uninitializedShape: x.shape, dtype: x.dtype), Tensor(uninitializedShape: statistics, dtype: x.dtype),
         Tensor(uninitializedShape: statistics, dtype: x.dtype)]
    }
}

extension ForwardingBackend {
    public func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> Tensor {
        forward(composite: .batchNormalization, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x],
                { $0.batchNormalization(x, mean: mean, variance: variance, gamma: gamma, beta: beta, p) },
                composed: { NormalizationComposites.batchNormalization(self, x, mean: mean, variance: variance, gamma: gamma, beta: beta, p) })
    }

    public func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                           _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        forward(composite: .batchNormalizationTraining, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x],
                { $0.batchNormalizationTraining(x, gamma: gamma, beta: beta, p) },
                composed: { NormalizationComposites.batchNormalizationTraining(self, x, gamma: gamma, beta: beta, p) })
    }

    public func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        forward(composite: .batchNormalizationBackward, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x, dy],
                { $0.batchNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p) },
                composed: { NormalizationComposites.batchNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p) })
    }

    public func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        forward(composite: .layerNormalization, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x],
                { $0.layerNormalization(x, gamma: gamma, beta: beta, p) },
                composed: { NormalizationComposites.layerNormalization(self, x, gamma: gamma, beta: beta, p) })
    }

    public func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        forward(composite: .layerNormalizationBackward, op: 0, dtype: x.dtype, work: elementCount(x.shape), operands: [x, dy],
                { $0.layerNormalizationBackward(x, dy, mean: mean, variance: variance, gamma: gamma, p) },
                composed: { NormalizationComposites.layerNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p) })
    }
}
