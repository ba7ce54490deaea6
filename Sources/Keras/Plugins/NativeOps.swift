import CKerasABI

extension K {
    /// Runs the native op `name` that a loaded plugin provides (a fused forward kernel with its
    /// own backward kernel), recording it in the autodiff graph: gradients through its outputs
    /// run the plugin's backward kernel. An unknown name triggers plugin discovery first.
    /// Throws a ``KerasError`` for an unknown op, a wrong number of inputs, or a kernel error.
    ///
    /// ```swift
    /// let y = try K.nativeOp("antirectifier_native", [x])[0]
    /// ```
    ///
    /// Mirrors calling a TensorFlow custom op with a registered gradient.
    public static func nativeOp(_ name: String, _ inputs: [Tensor], attributes: [String: JSONValue] = [:]) throws -> [Tensor] {
        var op = PluginComponentRegistry.nativeOp(named: name)
        if op == nil {
            PluginRegistry.shared.discoverPlugins()
            op = PluginComponentRegistry.nativeOp(named: name)
        }
        guard let op else {
            throw KerasError(.invalidArgument, "Unknown native op '\(name)'. \(PluginRegistry.shared.searchedDescription)")
        }
        return try NativeOps.run(op, inputs, attributes: attributes)
    }
}

/// Running plugin native ops: shape inference, host-allocated outputs, the forward kernel, and
/// the backward kernel as the op's gradient.
enum NativeOps {
    static func run(_ op: PluginNativeOp, _ inputs: [Tensor], attributes: [String: JSONValue]) throws -> [Tensor] {
        let what = "native op \"\(op.name)\" (from \(op.pluginPath))"
        guard inputs.count == Int(op.c.input_count) else {
            throw KerasError(.invalidArgument, "\(what): expected \(op.c.input_count) inputs, received \(inputs.count)")
        }
        let attributesJSON = PluginShapes.json(.object(attributes))
        // Shapes.
        let shapes = try inputs.map { try PluginShapes.make($0.shape.map(Optional.some), dtype: $0.dtype) }
        var outputShapes = [keras_shape](repeating: keras_shape(), count: Int(op.c.output_count))
        let inferError = shapes.withUnsafeBufferPointer { ins in
            outputShapes.withUnsafeMutableBufferPointer { outs in
                op.c.infer!(op.c.context, ins.baseAddress, Int32(ins.count), attributesJSON, outs.baseAddress, op.c.output_count)
            }
        }
        if let inferError {
            let (_, message) = PluginABI.consume(inferError)
            throw KerasError(.invalidArgument, "\(what): \(message)")
        }
        let outputs: [Tensor] = try outputShapes.map { shape in
            let (dims, dtype) = try PluginShapes.read(shape, "\(what): infer")
            guard let dtype, dims.allSatisfy({ $0 != nil }) else {
                throw KerasError(.plugin, "\(what): infer gave an unknown dtype or dimension (\(dims))")
            }
            return Tensor(shape: dims.map { $0! }, repeating: 0, dtype: dtype)
        }
        let values = inputs.map(\.detached)
        try call(op.c.forward!, op, values, outputs, attributesJSON, "\(what): forward")
        return recorded(outputs, from: inputs) { upstreams in backward(op, values, outputs, upstreams, attributesJSON, what) }
    }

    /// `outputs` as the outputs of one op on `inputs`: one autodiff node for the op, whose
    /// `backward` receives the upstream gradient of every output (zeros where none flows) and
    /// runs once per backward pass.
    ///
    /// A node has one output, so the op's node holds the outputs' gradients packed end to end
    /// (one flat tensor, of the outputs' dtype, float64 when they differ); each output's own
    /// node places its gradient at its offset in that pack, and the pack's gradients add up
    /// before the op's node runs (it was created first, so it comes later in the pass).
    static func recorded(_ outputs: [Tensor], from inputs: [Tensor], _ backward: @escaping ([Tensor]) -> [Tensor?]) -> [Tensor] {
        guard GradientRecording.isEnabled, inputs.contains(where: \.isDifferentiated) else { return outputs }
        if outputs.count == 1 { return [outputs[0].recorded(from: inputs) { backward([$0]) }] }
        let dtype = Set(outputs.map(\.dtype)).count == 1 ? outputs[0].dtype : .float64
        let counts = outputs.map(\.count)
        let offsets = counts.indices.map { counts[..<$0].reduce(0, +) }
        let total = counts.reduce(0, +)
        let op = GradNode(parents: inputs.map(\.gradNode), shape: [total], dtype: dtype) { packed in
            backward(outputs.indices.map { k in
                let part = K.reshape(K.slice(packed, start: [offsets[k]], size: [counts[k]]), outputs[k].shape)
                return part.dtype == outputs[k].dtype ? part : K.cast(part, outputs[k].dtype)
            })
        }
        return outputs.indices.map { k in
            var output = outputs[k]
            output.gradNode = GradNode(parents: [op], shape: output.shape, dtype: output.dtype) { upstream in
                let flat = K.reshape(upstream.dtype == dtype ? upstream : K.cast(upstream, dtype), [counts[k]])
                return [K.kernels.backend.pad(flat, before: [offsets[k]], after: [total - offsets[k] - counts[k]], value: 0)]
            }
            return output
        }
    }

    /// The input gradients for the upstream gradients of all outputs, from one backward-kernel call.
    private static func backward(_ op: PluginNativeOp, _ inputs: [Tensor], _ outputs: [Tensor], _ upstreams: [Tensor],
                                 _ attributesJSON: String, _ what: String) -> [Tensor?] {
        guard let kernel = op.c.backward else {
            KerasLog.log(.warning, "\(what) has no backward kernel: no gradient flows through it")
            return inputs.map { _ in nil }
        }
        let upstreams = zip(upstreams, outputs).map { g, o in g.dtype == o.dtype ? g.detached : K.cast(g.detached, o.dtype) }
        let gradients = inputs.map { Tensor(shape: $0.shape, repeating: 0, dtype: $0.dtype) }
        do {
            try call(kernel, op, inputs + outputs + upstreams, gradients, attributesJSON, "\(what): backward")
        } catch {
            KerasLog.log(.error, "\(error); its inputs get no gradient")
            return inputs.map { _ in nil }
        }
        return gradients.map(Optional.some)
    }

    private typealias Kernel = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UnsafePointer<keras_tensor>?>?, Int32,
                                               UnsafePointer<CChar>?, UnsafePointer<UnsafePointer<keras_tensor>?>?, Int32) -> UnsafeMutablePointer<keras_error>?

    /// Calls a forward or backward kernel with descriptor arrays of `ins` and `outs`.
    private static func call(_ kernel: Kernel, _ op: PluginNativeOp, _ ins: [Tensor], _ outs: [Tensor],
                             _ attributesJSON: String, _ what: String) throws {
        let error: UnsafeMutablePointer<keras_error>? = PluginABI.withDescriptors(inputs: ins, outputs: outs) { kernelCall in
            let descriptors = kernelCall.descriptors
            let pointers = (0..<(ins.count + outs.count)).map { Optional(UnsafePointer(descriptors + $0)) }
            return pointers.withUnsafeBufferPointer { list in
                kernel(op.c.context, list.baseAddress, Int32(ins.count), attributesJSON, list.baseAddress! + ins.count, Int32(outs.count))
            }
        }
        if let error { throw PluginShapes.error(error, what) }
    }

    /// Makes the native op callable from Lambda configs by its name; the Lambda's `arguments`
    /// are its attributes.
    static func registerLambda(_ op: PluginNativeOp) {
        LambdaFunctions.register(op.name, typed: { inputs, arguments in
            try run(op, inputs, attributes: arguments)
        })
    }
}
