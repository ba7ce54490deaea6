import Synchronization

/// The layer classes, Lambda functions and native ops of the loaded plugins, by name, and their
/// registration in ``LayerRegistry`` and ``LambdaFunctions``.
///
/// A plugin may not take a built-in name (a layer class such as `Dense`, a K function or an
/// activation such as `relu`), nor a name another plugin registered: either refuses the plugin
/// with a reason naming both. A layer class answers to its registered name
/// (`"SeedLayers>MyLayer"`) and to the part after `>` while no other plugin class has it.
enum PluginComponentRegistry {
    private struct State {
        var layerClasses: [String: PluginLayerClass] = [:]
        /// Bare class name → registered names having it.
        var bareNames: [String: [String]] = [:]
        var functions: [String: PluginFunction] = [:]
        var nativeOps: [String: PluginNativeOp] = [:]
        /// Plugin files whose components are registered.
        var registeredPaths: Set<String> = []
    }

    private static let state = Mutex(State())

    /// Names that belong to the core: K functions (call_op's table) and activations.
    static let builtinFunctionNames: Set<String> = Set(ConformanceOps.table.keys).union(Activation.knownNames)

    /// Registers `components` of the plugin at `realPath`; returns why they cannot be (nothing
    /// is registered then), or nil. Registering the same file again does nothing.
    static func register(_ components: PluginComponents, realPath: String) -> String? {
        if components.isEmpty { return nil }
        let outcome: String?? = state.withLock { state -> String?? in
            if state.registeredPaths.contains(realPath) { return .some(nil) }
            if let conflict = conflict(components, in: state) { return .some(conflict) }
            for layer in components.layerClasses {
                state.layerClasses[layer.name] = layer
                if layer.bareName != layer.name { state.bareNames[layer.bareName, default: []].append(layer.name) }
            }
            for function in components.functions { state.functions[function.name] = function }
            for op in components.nativeOps { state.nativeOps[op.name] = op }
            state.registeredPaths.insert(realPath)
            return nil
        }
        if case .some(let conflict) = outcome { return conflict }
        for layer in components.layerClasses {
            LayerRegistry.register(layer.name) { config in try PluginLayer(layer, config: config) }
            if layer.bareName != layer.name, !LayerRegistry.contains(layer.bareName) || isPluginAlias(layer.bareName) {
                let bare = layer.bareName
                LayerRegistry.register(bare) { config in try PluginLayer(try resolveBare(bare), config: config) }
            }
        }
        for function in components.functions { PluginFunctionLambda.register(function) }
        for op in components.nativeOps { NativeOps.registerLambda(op) }
        return nil
    }

    private static func conflict(_ components: PluginComponents, in state: State) -> String? {
        var names = Set<String>()
        for layer in components.layerClasses {
            if LayerRegistry.isBuiltIn(layer.name) {
                return "layer class \"\(layer.name)\" is a built-in layer name; register it as \"<Package>>\(layer.name)\""
            }
            if let owner = state.layerClasses[layer.name] {
                return "layer class \"\(layer.name)\" is already provided by \(owner.pluginPath) (and by \(layer.pluginPath))"
            }
            guard names.insert("layer " + layer.name).inserted else { return "layer class \"\(layer.name)\" is listed twice" }
        }
        for function in components.functions {
            if builtinFunctionNames.contains(function.name) {
                return "function \"\(function.name)\" is a built-in K function or activation name; choose another name"
            }
            if let owner = state.functions[function.name]?.pluginPath ?? state.nativeOps[function.name]?.pluginPath {
                return "function \"\(function.name)\" is already provided by \(owner) (and by \(function.pluginPath))"
            }
            guard names.insert("fn " + function.name).inserted else { return "function \"\(function.name)\" is listed twice" }
        }
        for op in components.nativeOps {
            if builtinFunctionNames.contains(op.name) {
                return "native op \"\(op.name)\" is a built-in K function or activation name; choose another name"
            }
            if let owner = state.nativeOps[op.name]?.pluginPath ?? state.functions[op.name]?.pluginPath {
                return "native op \"\(op.name)\" is already provided by \(owner) (and by \(op.pluginPath))"
            }
            guard names.insert("fn " + op.name).inserted else { return "native op \"\(op.name)\" has the name of another of its functions or native ops" }
        }
        return nil
    }

    /// Whether `name` is a bare alias of plugin classes (so a later class may share it).
    private static func isPluginAlias(_ name: String) -> Bool {
        state.withLock { $0.bareNames[name] != nil }
    }

    /// The class a bare name stands for; throws when several plugin classes have it.
    static func resolveBare(_ bare: String) throws -> PluginLayerClass {
        try state.withLock { state in
            let names = state.bareNames[bare] ?? []
            guard names.count == 1, let layer = state.layerClasses[names[0]] else {
                throw KerasError(.invalidArgument, "layer class \"\(bare)\" is ambiguous: plugins provide \(names.joined(separator: " and ")); use the registered name")
            }
            return layer
        }
    }

    /// The native op called `name`, if a loaded plugin provides it.
    static func nativeOp(named name: String) -> PluginNativeOp? {
        state.withLock { $0.nativeOps[name] }
    }

    /// The plugin function called `name`, if a loaded plugin provides it.
    static func function(named name: String) -> PluginFunction? {
        state.withLock { $0.functions[name] }
    }

    /// The layer class registered as `name`, if a loaded plugin provides it.
    static func layerClass(named name: String) -> PluginLayerClass? {
        state.withLock { $0.layerClasses[name] }
    }
}
