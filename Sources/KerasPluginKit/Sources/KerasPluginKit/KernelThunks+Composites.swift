// The C functions behind the ABI 1.1 composite slots: fused activations, normalisation and
// recurrent sequences. As in KernelThunks.swift, a slot is filled only when its Swift kernel
// exists, and parameters a plugin does not know come back as KERAS_STATUS_UNIMPLEMENTED.
extension KernelThunks {
    static func fusedActivation(_ k: BackendKernels, _ t: inout keras_backend) {
        if k.activation != nil {
            t.activation = { context, x, params, out in
                let p = BackendPlugin.from(context)
                guard let a = ActivationParameters(params!) else { return unknownOp(p, "activation", params!.pointee.op) }
                return p.run { try p.kernels.activation!(view(x), a, view(out)) }
            }
        }
        if k.activationBackward != nil {
            t.activation_backward = { context, x, dy, params, dx in
                let p = BackendPlugin.from(context)
                guard let a = ActivationParameters(params!) else { return unknownOp(p, "activation", params!.pointee.op) }
                return p.run { try p.kernels.activationBackward!(view(x), view(dy), a, view(dx)) }
            }
        }
        if k.linearActivation != nil {
            t.linear_activation = { context, x, weight, bias, params, out in
                let p = BackendPlugin.from(context)
                guard let a = ActivationParameters(params!) else { return unknownOp(p, "activation", params!.pointee.op) }
                return p.run { try p.kernels.linearActivation!(view(x), view(weight), optionalView(bias), a, view(out)) }
            }
        }
    }

    static func convolutionActivation(_ k: BackendKernels, _ t: inout keras_backend) {
        if k.convolutionActivation != nil {
            t.convolution_activation = { context, x, kernel, bias, params, activation, out in
                let p = BackendPlugin.from(context)
                guard let a = ActivationParameters(activation!) else { return unknownOp(p, "activation", activation!.pointee.op) }
                return p.run {
                    try p.kernels.convolutionActivation!(view(x), view(kernel), optionalView(bias), ConvolutionParameters(params!), a, view(out))
                }
            }
        }
    }

    static func normalization(_ k: BackendKernels, _ t: inout keras_backend) {
        if k.batchNormalization != nil {
            t.batch_normalization = { context, x, mean, variance, gamma, beta, params, out in
                let p = BackendPlugin.from(context)
                return p.run {
                    try p.kernels.batchNormalization!(view(x), view(mean), view(variance), optionalView(gamma), optionalView(beta),
                                                      NormalizationParameters(params!), view(out))
                }
            }
        }
        if k.batchNormalizationTraining != nil {
            t.batch_normalization_training = { context, x, gamma, beta, params, out, mean, variance in
                let p = BackendPlugin.from(context)
                return p.run {
                    try p.kernels.batchNormalizationTraining!(view(x), optionalView(gamma), optionalView(beta), NormalizationParameters(params!),
                                                              view(out), view(mean), view(variance))
                }
            }
        }
        if k.batchNormalizationBackward != nil {
            t.batch_normalization_backward = { context, x, dy, mean, variance, gamma, params, dx, dgamma, dbeta in
                let p = BackendPlugin.from(context)
                return p.run {
                    try p.kernels.batchNormalizationBackward!(view(x), view(dy), view(mean), view(variance), optionalView(gamma),
                                                              NormalizationParameters(params!), view(dx), view(dgamma), view(dbeta))
                }
            }
        }
        if k.layerNormalization != nil {
            t.layer_normalization = { context, x, gamma, beta, params, out, mean, variance in
                let p = BackendPlugin.from(context)
                return p.run {
                    try p.kernels.layerNormalization!(view(x), optionalView(gamma), optionalView(beta), NormalizationParameters(params!),
                                                      view(out), view(mean), view(variance))
                }
            }
        }
        if k.layerNormalizationBackward != nil {
            t.layer_normalization_backward = { context, x, dy, mean, variance, gamma, params, dx, dgamma, dbeta in
                let p = BackendPlugin.from(context)
                return p.run {
                    try p.kernels.layerNormalizationBackward!(view(x), view(dy), view(mean), view(variance), optionalView(gamma),
                                                              NormalizationParameters(params!), view(dx), view(dgamma), view(dbeta))
                }
            }
        }
    }

    static func recurrent(_ k: BackendKernels, _ t: inout keras_backend) {
        if k.recurrent != nil {
            t.recurrent = { context, params, inputs, inputCount, outputs, outputCount in
                let p = BackendPlugin.from(context)
                guard let r = RecurrentParameters(params!) else { return unknownOp(p, "recurrent cell", params!.pointee.cell) }
                return p.run { try p.kernels.recurrent!(r, views(inputs, inputCount), views(outputs, outputCount)) }
            }
        }
        if k.recurrentBackward != nil {
            t.recurrent_backward = { context, params, inputs, inputCount, outputs, outputCount in
                let p = BackendPlugin.from(context)
                guard let r = RecurrentParameters(params!) else { return unknownOp(p, "recurrent cell", params!.pointee.cell) }
                return p.run { try p.kernels.recurrentBackward!(r, views(inputs, inputCount), views(outputs, outputCount)) }
            }
        }
    }
}

@inline(__always)
private func optionalView(_ pointer: UnsafePointer<keras_tensor>?) -> TensorView? { pointer.map(TensorView.init) }

@inline(__always)
private func views(_ pointers: UnsafePointer<UnsafePointer<keras_tensor>?>?, _ count: Int32) -> [TensorView] {
    (0..<Int(count)).map { TensorView(pointers![$0]!) }
}
