import CKerasABI

// Batch and layer normalisation on a plugin backend: the plugin's fused kernel (ABI 1.1) when
// it provides and accepts one, else composed from this backend's primitives. Absent gamma and
// beta are left out of the operands and passed to the slot as NULL.
extension PluginBackend {
    public func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> Tensor {
        if let f = table.c.batch_normalization {
            let out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
            let ctx = context
            let (g, b) = (gamma != nil, beta != nil)
            let operands = [x, mean, variance] + [gamma, beta].compactMap { $0 } + [out]
            let ran = p.withC { params in
                runComposite(.batchNormalization, operands, params: params) { d in
                    f(ctx, d, d + 1, d + 2, g ? d + 3 : nil, b ? d + (g ? 4 : 3) : nil, params, d + operands.count - 1)
                }
            }
            if ran { return out }
        }
        return NormalizationComposites.batchNormalization(self, x, mean: mean, variance: variance, gamma: gamma, beta: beta, p)
    }

    public func batchNormalizationTraining(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                           _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        if let f = table.c.batch_normalization_training,
           let r = runForward(.batchNormalizationTraining, x, gamma: gamma, beta: beta, statisticsShape: [x.shape[p.axis]], p, slot: f) {
            return r
        }
        return NormalizationComposites.batchNormalizationTraining(self, x, gamma: gamma, beta: beta, p)
    }

    public func batchNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        if let f = table.c.batch_normalization_backward,
           let r = runBackward(.batchNormalizationBackward, x, dy, mean: mean, variance: variance, gamma: gamma,
                               parameterShape: [x.shape[p.axis]], p, slot: f) {
            return r
        }
        return NormalizationComposites.batchNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p)
    }

    public func layerNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?,
                                   _ p: NormalizationParameters) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        if let f = table.c.layer_normalization,
           let r = runForward(.layerNormalization, x, gamma: gamma, beta: beta, statisticsShape: Array(x.shape[..<p.axis]), p, slot: f) {
            return r
        }
        return NormalizationComposites.layerNormalization(self, x, gamma: gamma, beta: beta, p)
    }

    public func layerNormalizationBackward(_ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                                           _ p: NormalizationParameters) -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor) {
        if let f = table.c.layer_normalization_backward,
           let r = runBackward(.layerNormalizationBackward, x, dy, mean: mean, variance: variance, gamma: gamma,
                               parameterShape: Array(x.shape[p.axis...]), p, slot: f) {
            return r
        }
        return NormalizationComposites.layerNormalizationBackward(self, x, dy, mean: mean, variance: variance, gamma: gamma, p)
    }

    /// The two training-forward slots share their signature: `x, [gamma], [beta]` in, `out,
    /// mean, variance` out (statistics of `statisticsShape`). `nil` when the plugin declined.
    private func runForward(_ kernel: BackendKernel, _ x: Tensor, gamma: Tensor?, beta: Tensor?, statisticsShape: [Int],
                            _ p: NormalizationParameters,
                            slot f: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<keras_tensor>?, UnsafePointer<keras_tensor>?,
                                                    UnsafePointer<keras_tensor>?, UnsafePointer<keras_normalization_params>?,
                                                    UnsafePointer<keras_tensor>?, UnsafePointer<keras_tensor>?,
                                                    UnsafePointer<keras_tensor>?) -> UnsafeMutablePointer<keras_error>?)
        -> (output: Tensor, mean: Tensor, variance: Tensor)? {
        let out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
        let mean = Tensor(uninitializedShape: statisticsShape, dtype: x.dtype)
        let variance = Tensor(uninitializedShape: statisticsShape, dtype: x.dtype)
        let ctx = context
        let (g, b) = (gamma != nil, beta != nil)
        let inputs = [x] + [gamma, beta].compactMap { $0 }
        let ran = p.withC { params in
            runComposite(kernel, inputs + [out, mean, variance], outputCount: 3, params: params) { d in
                let o = d + inputs.count
                return f(ctx, d, g ? d + 1 : nil, b ? d + (g ? 2 : 1) : nil, params, o, o + 1, o + 2)
            }
        }
        return ran ? (out, mean, variance) : nil
    }

    /// The two backward slots share their signature: `x, dy, mean, variance, [gamma]` in,
    /// `dx, dgamma, dbeta` out. `nil` when the plugin declined.
    private func runBackward(_ kernel: BackendKernel, _ x: Tensor, _ dy: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?,
                             parameterShape: [Int], _ p: NormalizationParameters,
                             slot f: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<keras_tensor>?, UnsafePointer<keras_tensor>?,
                                                     UnsafePointer<keras_tensor>?, UnsafePointer<keras_tensor>?, UnsafePointer<keras_tensor>?,
                                                     UnsafePointer<keras_normalization_params>?, UnsafePointer<keras_tensor>?,
                                                     UnsafePointer<keras_tensor>?, UnsafePointer<keras_tensor>?) -> UnsafeMutablePointer<keras_error>?)
        -> (dx: Tensor, dgamma: Tensor, dbeta: Tensor)? {
        let dx = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
        let dgamma = Tensor(uninitializedShape: parameterShape, dtype: x.dtype)
        let dbeta = Tensor(uninitializedShape: parameterShape, dtype: x.dtype)
        let ctx = context
        let inputs = [x, dy, mean, variance] + [gamma].compactMap { $0 }
        let ran = p.withC { params in
            runComposite(kernel, inputs + [dx, dgamma, dbeta], outputCount: 3, params: params) { d in
                let o = d + inputs.count
                return f(ctx, d, d + 1, d + 2, d + 3, gamma != nil ? d + 4 : nil, params, o, o + 1, o + 2)
            }
        }
        return ran ? (dx, dgamma, dbeta) : nil
    }
}
