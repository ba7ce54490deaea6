import CKerasABI
import KerasKernelTypes

// Batch and layer normalisation on a plugin backend: the plugin's fused kernel (ABI 1.1) when
// it provides and accepts one, else composed from this backend's primitives. Absent gamma and
// beta are left out of the operands and passed to the slot as NULL.
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
