import CKerasABI

// Whole recurrent sequences on a plugin backend: the plugin's `recurrent` slots, else the
// sequence composed from this backend's primitives (never the reference backend as a whole).
extension PluginBackend {
    public func recurrent(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        if let f = table.c.recurrent {
            let operands = RecurrentOperands(p.cell, inputs)
            let units = operands.units
            let outputs = [Tensor(uninitializedShape: [operands.batch, operands.time, units], dtype: operands.x.dtype)]
                + operands.initialStates.map { Tensor(uninitializedShape: $0.shape, dtype: $0.dtype) }
            if runSlot(f, p, inputs, outputs) { return outputs }
        }
        return composedRecurrent(p, inputs)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor]) -> [Tensor] {
        if let f = table.c.recurrent_backward {
            let stateCount = p.cell.stateCount
            let operands = RecurrentOperands(p.cell, Array(inputs.prefix(4 + stateCount)))
            let gradients = [operands.x] + operands.initialStates + [operands.kernel, operands.recurrentKernel, operands.bias]
            let outputs = gradients.map { Tensor(uninitializedShape: $0.shape, dtype: $0.dtype) }
            if runSlot(f, p, inputs, outputs, backward: true) { return outputs }
        }
        return composedRecurrentBackward(p, inputs)
    }

    public func recurrentTraining(_ p: RecurrentParameters, _ inputs: [Tensor]) -> (outputs: [Tensor], workspace: Tensor?) {
        guard let size = table.c.recurrent_workspace_size, let train = table.c.recurrent_training,
              table.c.recurrent_backward_workspace != nil else { return (recurrent(p, inputs), nil) }
        let ctx = context
        // The workspace's size for these inputs; an error means "not with a workspace" (the
        // training forward's own supports query decides whether the plugin runs it at all).
        var bytes: Int64 = -1
        let sized: Bool = p.withC { params in
            PluginABI.withDescriptors(inputs) { d in
                let pointers = inputs.indices.map { Optional(UnsafePointer(d + $0)) }
                let error = pointers.withUnsafeBufferPointer { size(ctx, params, $0.baseAddress, Int32(inputs.count), &bytes) }
                guard let error else { return true }
                _ = PluginABI.consume(error)
                return false
            }
        }
        guard sized, bytes >= 0, bytes < Int64(Int.max / 2) else { return (recurrent(p, inputs), nil) }
        let operands = RecurrentOperands(p.cell, inputs)
        let outputs = [Tensor(uninitializedShape: [operands.batch, operands.time, operands.units], dtype: operands.x.dtype)]
            + operands.initialStates.map { Tensor(uninitializedShape: $0.shape, dtype: $0.dtype) }
        let workspace = Tensor(uninitializedShape: [Int(bytes)], dtype: .uint8)
        let (inputCount, outputCount) = (inputs.count, outputs.count)
        let ran = p.withC { params in
            runComposite(.recurrentTraining, op: p.cell.rawValue, inputs + outputs + [workspace], outputCount: outputCount + 1,
                         params: UnsafeRawPointer(params)) { d in
                let pointers = (0..<(inputCount + outputCount)).map { Optional(UnsafePointer(d + $0)) }
                return pointers.withUnsafeBufferPointer { all in
                    train(ctx, params, all.baseAddress, Int32(inputCount), all.baseAddress! + inputCount, Int32(outputCount),
                          d + inputCount + outputCount)
                }
            }
        }
        return ran ? (outputs, workspace) : (recurrent(p, inputs), nil)
    }

    public func recurrentBackward(_ p: RecurrentParameters, _ inputs: [Tensor], workspace: Tensor) -> [Tensor] {
        guard let f = table.c.recurrent_backward_workspace else { return recurrentBackward(p, inputs) }
        let operands = RecurrentOperands(p.cell, Array(inputs.prefix(4 + p.cell.stateCount)))
        let gradients = [operands.x] + operands.initialStates + [operands.kernel, operands.recurrentKernel, operands.bias]
        let outputs = gradients.map { Tensor(uninitializedShape: $0.shape, dtype: $0.dtype) }
        let ctx = context
        let (inputCount, outputCount) = (inputs.count, outputs.count)
        // Descriptors: the inputs, the workspace, then the outputs.
        let ran = p.withC { params in
            runComposite(.recurrentBackwardWorkspace, op: p.cell.rawValue, inputs + [workspace] + outputs, outputCount: outputCount,
                         params: UnsafeRawPointer(params)) { d in
                let ins = (0..<inputCount).map { Optional(UnsafePointer(d + $0)) }
                let outs = (0..<outputCount).map { Optional(UnsafePointer(d + inputCount + 1 + $0)) }
                return ins.withUnsafeBufferPointer { i in
                    outs.withUnsafeBufferPointer { o in
                        f(ctx, params, i.baseAddress, Int32(inputCount), d + inputCount, o.baseAddress, Int32(outputCount))
                    }
                }
            }
        }
        return ran ? outputs : recurrentBackward(p, inputs)
    }

    public func optimizerUpdate(_ p: OptimizerUpdateParameters, _ tensors: [Tensor]) -> Bool {
        guard let f = table.c.optimizer_update, tensors.count >= 2 else { return false }
        let ctx = context
        let count = tensors.count
        // The kernel writes its operands; tryKernel's query shows all but the last as inputs.
        return p.withC { params in
            runComposite(.optimizerUpdate, op: p.op.rawValue, tensors, outputCount: 1, params: UnsafeRawPointer(params)) { d in
                let pointers = (0..<count).map { Optional(UnsafePointer(d + $0)) }
                return pointers.withUnsafeBufferPointer { f(ctx, params, $0.baseAddress, Int32(count)) }
            }
        }
    }

    /// Calls a recurrent slot with arrays of descriptor pointers built from `runComposite`'s
    /// descriptors (inputs, then outputs).
    private func runSlot(_ f: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<keras_recurrent_params>?,
                                              UnsafePointer<UnsafePointer<keras_tensor>?>?, Int32,
                                              UnsafePointer<UnsafePointer<keras_tensor>?>?, Int32) -> UnsafeMutablePointer<keras_error>?,
                         _ p: RecurrentParameters, _ inputs: [Tensor], _ outputs: [Tensor], backward: Bool = false) -> Bool {
        let ctx = context
        let kernel: BackendKernel = backward ? .recurrentBackward : .recurrent
        let (inputCount, outputCount) = (inputs.count, outputs.count)
        return p.withC { params in
            runComposite(kernel, op: p.cell.rawValue, inputs + outputs, outputCount: outputCount, params: UnsafeRawPointer(params)) { d in
                let pointers = (0..<(inputCount + outputCount)).map { Optional(UnsafePointer(d + $0)) }
                return pointers.withUnsafeBufferPointer { all in
                    f(ctx, params, all.baseAddress, Int32(inputCount), all.baseAddress! + inputCount, Int32(outputCount))
                }
            }
        }
    }
}
