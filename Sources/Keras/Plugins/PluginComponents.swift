import CKerasABI

/// A layer class a plugin provides (`keras_layer_class`, copied by the size rule).
struct PluginLayerClass: @unchecked Sendable {
    let c: keras_layer_class
    /// The registered name (`"SeedLayers>MyLayer"`).
    let name: String
    /// The part after `>` (`"MyLayer"`), the alias when unambiguous.
    let bareName: String
    /// The plugin file it came from.
    let pluginPath: String
}

/// A Lambda function a plugin provides, with its parsed signature and libffi call interface.
struct PluginFunction: @unchecked Sendable {
    let c: keras_function
    let name: String
    let call: FFIFunctionCall
    let pluginPath: String
    var signature: FunctionSignature { call.signature }
}

/// A native op a plugin provides: forward and backward kernels over host tensors.
struct PluginNativeOp: @unchecked Sendable {
    let c: keras_native_op
    let name: String
    let pluginPath: String
}

/// What a plugin provides besides a backend (ABI 1.2), read from its descriptor after init.
struct PluginComponents: Sendable {
    var layerClasses: [PluginLayerClass] = []
    var functions: [PluginFunction] = []
    var nativeOps: [PluginNativeOp] = []

    var isEmpty: Bool { layerClasses.isEmpty && functions.isEmpty && nativeOps.isEmpty }

    /// Reads the tables of `descriptor` (a plugin at `path`); throws a reason naming the entry
    /// that is malformed.
    static func read(_ descriptor: keras_plugin_descriptor, path: String) throws -> PluginComponents {
        var result = PluginComponents()
        let limit: UInt64 = 4096
        guard descriptor.layer_class_count <= limit, descriptor.function_count <= limit, descriptor.native_op_count <= limit else {
            throw KerasError(.plugin, "its descriptor declares more than \(limit) layer classes, functions or native ops")
        }
        if let table = descriptor.layer_classes {
            try each(table, Int(descriptor.layer_class_count), zero: keras_layer_class(),
                     minimumSize: MemoryLayout<keras_layer_class>.size) { value, i in
                guard let name = PluginABI.string(value.name), !name.isEmpty else { throw KerasError(.plugin, "layer class \(i) has no name") }
                guard value.create != nil, value.build != nil, value.call != nil else {
                    throw KerasError(.plugin, "layer class \"\(name)\" lacks create, build or call")
                }
                let bare = name.split(separator: ">").last.map(String.init) ?? name
                result.layerClasses.append(PluginLayerClass(c: value, name: name, bareName: bare, pluginPath: path))
            }
        }
        if let table = descriptor.functions {
            try each(table, Int(descriptor.function_count), zero: keras_function(),
                     minimumSize: MemoryLayout<keras_function>.size) { value, i in
                guard let name = PluginABI.string(value.name), !name.isEmpty else { throw KerasError(.plugin, "function \(i) has no name") }
                guard let entry = value.entry else { throw KerasError(.plugin, "function \"\(name)\" has no entry point") }
                let signature: FunctionSignature
                do {
                    signature = try FunctionSignature(parsing: PluginABI.string(value.signature) ?? "")
                } catch let error as KerasError {
                    throw KerasError(.plugin, "function \"\(name)\": \(error.message)")
                }
                result.functions.append(PluginFunction(c: value, name: name, call: try FFIFunctionCall(entry: entry, signature: signature),
                                                       pluginPath: path))
            }
        }
        if let table = descriptor.native_ops {
            try each(table, Int(descriptor.native_op_count), zero: keras_native_op(),
                     minimumSize: MemoryLayout<keras_native_op>.size) { value, i in
                guard let name = PluginABI.string(value.name), !name.isEmpty else { throw KerasError(.plugin, "native op \(i) has no name") }
                guard value.infer != nil, value.forward != nil else { throw KerasError(.plugin, "native op \"\(name)\" lacks infer or forward") }
                guard value.input_count >= 1, value.input_count <= 64, value.output_count >= 1, value.output_count <= 64 else {
                    throw KerasError(.plugin, "native op \"\(name)\": input_count \(value.input_count) and output_count \(value.output_count) must be in 1...64")
                }
                result.nativeOps.append(PluginNativeOp(c: value, name: name, pluginPath: path))
            }
        }
        return result
    }

    /// Reads `count` structs laid out `struct_size` bytes apart (the plugin's size).
    private static func each<S>(_ table: UnsafePointer<S>, _ count: Int, zero: S, minimumSize: Int,
                                _ body: (S, Int) throws -> Void) throws {
        guard count > 0 else { return }
        let stride = Int(UnsafeRawPointer(table).load(as: UInt64.self))
        guard stride >= minimumSize, stride % 8 == 0 else {
            throw KerasError(.plugin, "a \(S.self) table entry declares struct_size \(stride), below this host's \(minimumSize)")
        }
        for i in 0..<count {
            let element = (UnsafeRawPointer(table) + i * stride).assumingMemoryBound(to: S.self)
            guard let value = PluginABI.read(element, zero: zero, minimumSize: minimumSize) else {
                throw KerasError(.plugin, "\(S.self) \(i) is too small")
            }
            try body(value, i)
        }
    }
}
