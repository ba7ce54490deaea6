import KerasPluginKit

/// The plugin's `supports` answers: which operands each kernel takes, decided from the op,
/// the dtypes and the shapes alone (cheap, and callable while the host plans).
enum OpenBLASSupport {
    static func supports(_ query: OpQuery) -> Bool {
        guard let kernel = query.kernel, query.inputCount > 0, query.input(0).dtype?.isFloatingPoint == true else { return false }
        switch kernel {
        case .matmul, .linear, .convolution, .convolutionBackwardInput, .convolutionBackwardKernel:
            return true
        case .binary:
            guard let op = BinaryOp(rawValue: query.op), Elementwise.runs(op) else { return false }
            return Elementwise.pattern(query.input(0), query.input(1), query.output) != nil
        case .linearActivation:
            return query.activation.map(Activation.runs) ?? false
        case .activation, .activationBackward:
            return query.activation?.isPlainReLU ?? false
        case .optimizerUpdate:
            return query.input(0).dtype == .float32
        case .recurrent, .recurrentBackward, .recurrentWorkspaceSize, .recurrentTraining, .recurrentBackwardWorkspace:
            return query.op == RecurrentCell.lstm.rawValue && query.input(0).dtype == .float32
        case .gather, .scatterAdd:
            let indices = query.inputCount > 1 ? query.input(1).dtype : nil
            return indices == .int32 || indices == .int64
        case .reduce:
            return (query.op == ReduceOp.sum.rawValue || query.op == ReduceOp.mean.rawValue) && query.output.count > 1
        default:
            return false
        }
    }
}
