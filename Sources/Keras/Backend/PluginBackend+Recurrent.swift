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
