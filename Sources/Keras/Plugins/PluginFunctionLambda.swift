import CKerasABI

/// Plugin Lambda functions as ``LambdaFunctions`` entries: the Lambda's `arguments` are matched
/// against the function's signature (name, count, type), the tensors are lent as handles in the
/// autodiff graph, and the entry is called through libffi.
enum PluginFunctionLambda {
    static func register(_ function: PluginFunction) {
        var outputShape: LambdaFunctions.ArgumentShapeRule?
        if let rule = function.c.output_shape {
            outputShape = { @Sendable (shapes: [[Int?]], arguments: [String: JSONValue]) throws -> [[Int?]] in
                try outputShapes(function, rule, shapes, arguments)
            }
        }
        LambdaFunctions.register(function.name, typed: { inputs, arguments in
            try call(function, inputs, arguments)
        }, checkArguments: { arguments, context in
            _ = try ScalarArgument.convert(arguments, for: function.signature, function: function.name, context: context)
        }, outputShape: outputShape)
    }

    /// Runs `function` on `inputs` with the Lambda's `arguments`.
    static func call(_ function: PluginFunction, _ inputs: [Tensor], _ arguments: [String: JSONValue]) throws -> [Tensor] {
        let what = "Lambda function \"\(function.name)\" (from \(function.pluginPath))"
        let signature = function.signature
        guard inputs.count == signature.tensorNames.count else {
            throw KerasError(.invalidArgument, "\(what)\(signature): takes \(signature.tensorNames.count) tensors, received \(inputs.count)")
        }
        let scalars = try ScalarArgument.convert(arguments, for: signature, function: function.name, context: what)
        let handles = inputs.map { HostTensorHandle($0).retainedHandle() }
        defer { for handle in handles { HostTensorHandles.release(handle) } }
        var outputs = [OpaquePointer?](repeating: nil, count: signature.resultCount)
        let error = outputs.withUnsafeMutableBufferPointer { buffer in
            function.call.call(handles: handles, scalars: scalars, outputs: buffer.baseAddress!)
        }
        let results = outputs.map { $0.map(HostTensorHandle.take) }
        if let error { throw PluginShapes.error(error, what) }
        guard results.allSatisfy({ $0 != nil }) else {
            throw KerasError(.plugin, "\(what): returned without filling its \(signature.resultCount) output handle(s)")
        }
        return results.map { $0! }
    }

    private typealias ShapeFunction = @convention(c) (UnsafePointer<keras_shape>?, Int32, UnsafePointer<CChar>?,
                                                      UnsafeMutablePointer<keras_shape>?, Int32, UnsafeMutablePointer<Int32>?) -> UnsafeMutablePointer<keras_error>?

    private static func outputShapes(_ function: PluginFunction, _ rule: ShapeFunction, _ shapes: [[Int?]],
                                      _ arguments: [String: JSONValue]) throws -> [[Int?]] {
        let what = "Lambda function \"\(function.name)\" (from \(function.pluginPath)): output_shape"
        let ins = try shapes.map { try PluginShapes.make($0, dtype: KerasConfig.floatx) }
        var outs = [keras_shape](repeating: keras_shape(), count: max(1, function.signature.resultCount))
        var produced: Int32 = 0
        let error = ins.withUnsafeBufferPointer { i in
            outs.withUnsafeMutableBufferPointer { o in
                rule(i.baseAddress, Int32(i.count), PluginShapes.json(.object(arguments)), o.baseAddress, Int32(o.count), &produced)
            }
        }
        if let error { throw PluginShapes.error(error, what) }
        guard produced >= 1, Int(produced) <= outs.count else { throw KerasError(.plugin, "\(what): gave \(produced) shapes") }
        return try outs.prefix(Int(produced)).map { try PluginShapes.read($0, what).dims }
    }
}
