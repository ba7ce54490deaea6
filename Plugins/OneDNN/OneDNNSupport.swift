import KerasPluginKit

/// The plugin's `supports` answers, decided from the op, the dtypes, the ranks and the
/// geometry alone (cheap, and callable while the host plans). The primitives run float32 only
/// (oneDNN's CPU engine has no float64), so every other dtype falls back.
enum OneDNNSupport {
    static func supports(_ query: OpQuery) -> Bool {
        guard let kernel = query.kernel, query.inputCount > 0 else { return false }
        // The kernels without outputs first (the query has no output tensor for them).
        switch kernel {
        case .optimizerUpdate:
            return query.input(0).dtype == .float32
        case .recurrentWorkspaceSize, .recurrentTraining, .recurrentBackwardWorkspace:
            return query.op == RecurrentCell.lstm.rawValue && query.input(0).dtype == .float32 && Recurrent.supports(query)
        default:
            break
        }
        let tensors = (0..<query.inputCount).map(query.input) + [query.output]
        guard Layout.isPlainFloat32(tensors) else { return false }
        switch kernel {
        case .matmul, .linear, .convolution, .convolutionBackwardInput, .convolutionBackwardKernel:
            return true
        case .activation, .linearActivation:
            return query.activation.flatMap(FusedActivation.steps) != nil
        case .convolutionActivation:
            // The query names the activation by op only; parameters oneDNN cannot follow are
            // declined at the call.
            return ActivationOp(rawValue: query.op) != nil && query.convolution != nil
        case .activationBackward:
            return query.activation.map(FusedActivation.claimsBackward) ?? false
        case .pool, .poolBackward:
            return query.pooling != nil
        case .batchNormalization, .batchNormalizationTraining, .batchNormalizationBackward,
             .layerNormalization, .layerNormalizationBackward:
            return Normalization.supports(query)
        case .unary:
            guard let op = UnaryOp(rawValue: query.op) else { return false }
            return op == .softplus || Elementwise.algorithm(op) != nil
        case .binary:
            guard let op = BinaryOp(rawValue: query.op) else { return false }
            return Elementwise.plan(op, query.input(0), query.input(1), query.output) != nil
        case .softmax, .logSoftmax:
            return query.input(0).rank >= 1
        case .reduce:
            return ReduceOp(rawValue: query.op).flatMap(Reduction.algorithm) != nil && query.input(0).count > 0
        case .recurrent, .recurrentBackward:
            return Recurrent.supports(query)
        default:
            return false
        }
    }
}
