import CFusedKernels
import KerasPluginKit

/// `optimizer_update` for float32 variables on the shared vectorised update loops
/// (`fused_kernels.h`), bit-identical to the host's Swift loops. Other dtypes are declined,
/// which leaves the update to the host.
///
/// ```swift
/// kernels.optimizerUpdate = FusedOptimizerUpdate.run
/// ```
public enum FusedOptimizerUpdate {
    public static func run(_ params: OptimizerParameters, _ tensors: [TensorView]) throws {
        guard tensors.count >= 2, tensors.allSatisfy({ $0.dtype == .float32 && $0.count == tensors[0].count }) else {
            throw KernelError.unimplemented("float32 variables, gradients and slots of one size only")
        }
        let flags = (params.nesterov ? 1 : 0) | (params.centered ? 2 : 0) | (params.amsgrad ? 4 : 0)
        var p = fk_optimizer(op: params.op.rawValue, flags: UInt32(flags), learning_rate: params.learningRate,
                             momentum: params.momentum, rho: params.rho, beta_1: params.beta1, beta_2: params.beta2,
                             epsilon: params.epsilon, weight_decay: params.weightDecay, step: Int64(params.step))
        let slots: [UnsafeMutablePointer<Float>?] = tensors.dropFirst(2).map { $0.pointer(as: Float.self) }
        let status = slots.withUnsafeBufferPointer { s in
            fk_optimizer_update(&p, Int64(tensors[0].count), tensors[0].pointer(as: Float.self),
                                tensors[1].pointer(as: Float.self), s.baseAddress, Int32(s.count))
        }
        guard status == 0 else { throw KernelError.unimplemented("optimizer \(params.op) with \(slots.count) slot(s)") }
    }
}
