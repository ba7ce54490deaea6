// The ABI 1.2 kernels of a plugin's table: recurrent sequences with a workspace carried from the
// training forward to the backward, and optimizer updates. As in KernelThunks.swift, a slot is
// filled only when its Swift kernel exists (the three workspace slots only all together).
extension KernelThunks {
    static func recurrentWorkspace(_ k: BackendKernels, _ t: inout keras_backend) {
        guard k.recurrentWorkspaceSize != nil, k.recurrentTraining != nil, k.recurrentBackwardWorkspace != nil else { return }
        t.recurrent_workspace_size = { context, params, inputs, inputCount, byteCount in
            let p = BackendPlugin.from(context)
            guard let r = RecurrentParameters(params!) else { return unknownOp(p, "recurrent cell", params!.pointee.cell) }
            return p.run { byteCount!.pointee = Int64(try p.kernels.recurrentWorkspaceSize!(r, tensorViews(inputs, inputCount))) }
        }
        t.recurrent_training = { context, params, inputs, inputCount, outputs, outputCount, workspace in
            let p = BackendPlugin.from(context)
            guard let r = RecurrentParameters(params!) else { return unknownOp(p, "recurrent cell", params!.pointee.cell) }
            return p.run {
                try p.kernels.recurrentTraining!(r, tensorViews(inputs, inputCount), tensorViews(outputs, outputCount),
                                                 TensorView(workspace!))
            }
        }
        t.recurrent_backward_workspace = { context, params, inputs, inputCount, workspace, outputs, outputCount in
            let p = BackendPlugin.from(context)
            guard let r = RecurrentParameters(params!) else { return unknownOp(p, "recurrent cell", params!.pointee.cell) }
            return p.run {
                try p.kernels.recurrentBackwardWorkspace!(r, tensorViews(inputs, inputCount), TensorView(workspace!),
                                                          tensorViews(outputs, outputCount))
            }
        }
    }

    static func optimizer(_ k: BackendKernels, _ t: inout keras_backend) {
        guard k.optimizerUpdate != nil else { return }
        t.optimizer_update = { context, params, tensors, count in
            let p = BackendPlugin.from(context)
            guard let o = OptimizerParameters(params!) else { return unknownOp(p, "optimizer", params!.pointee.op) }
            return p.run { try p.kernels.optimizerUpdate!(o, tensorViews(tensors, count)) }
        }
    }
}

@inline(__always)
private func tensorViews(_ pointers: UnsafePointer<UnsafePointer<keras_tensor>?>?, _ count: Int32) -> [TensorView] {
    (0..<Int(count)).map { TensorView(pointers![$0]!) }
}
