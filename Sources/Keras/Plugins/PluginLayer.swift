import CKerasABI
import Foundation

/// A layer whose class a plugin provides (`keras_layer_class`): built, called and configured
/// by the plugin, with its weights as host ``Variable``s and its computation in the host's
/// autodiff graph, so it trains on every backend.
///
/// Created from configs by ``LayerRegistry`` under the class's registered name
/// (`"SeedLayers>MyLayer"`, or `"MyLayer"` when no other plugin has that class name); loading a
/// plugin registers its classes, and an unknown class name triggers plugin discovery first.
///
/// ```swift
/// let layer = try LayerRegistry.layer(className: "SeedLayers>MyLayer", config: ["output_dim": .number(3)])
/// let y = try layer(Input(shape: [5]))      // (None, 3)
/// ```
///
/// Mirrors a Keras layer subclass registered with `register_keras_serializable`.
public final class PluginLayer: Layer {
    /// The class's registered name (`"SeedLayers>MyLayer"`), written as the serialized
    /// object's `registered_name` beside the bare class name (Keras 3's form for a class
    /// registered with `register_keras_serializable`).
    public let registeredName: String
    /// The plugin file the class comes from.
    public let pluginPath: String
    let layerClass: PluginLayerClass
    private let instance: keras_layer_instance
    /// The weights in the order the plugin declared them (its `call` receives them so).
    private(set) var declaredWeights: [Variable] = []

    /// Creates an instance from `config` (the layer's Keras config dict).
    init(_ layerClass: PluginLayerClass, config: ConfigReader) throws {
        let base = try config.layerBase()
        registeredName = layerClass.name
        pluginPath = layerClass.pluginPath
        self.layerClass = layerClass
        var values = config.values
        values.removeValue(forKey: "registered_name")
        var created: keras_layer_instance?
        let context = "\(config.context) (plugin layer class \(layerClass.name) from \(layerClass.pluginPath))"
        if let error = layerClass.c.create!(layerClass.c.context, PluginShapes.json(.object(values)), &created) {
            throw PluginShapes.error(error, "\(context): create failed")
        }
        guard let created else { throw KerasError(.plugin, "\(context): create returned no instance") }
        instance = created
        super.init(name: base.name ?? UniqueNames.make(UniqueNames.snakeCase(layerClass.bareName)),
                   trainable: base.trainable, dtype: base.dtype)
        if let shape = try config.shape("batch_input_shape") { batchInputShape = shape }
    }

    deinit { layerClass.c.destroy?(layerClass.c.context, instance) }

    /// The bare class name (`"MyLayer"`): the `class_name` configs carry and summaries show.
    public override var className: String { layerClass.bareName }

    private var where_: String { "layer \"\(name)\" (\(registeredName), from \(pluginPath))" }

    public override func build(inputShapes: [[Int?]]) throws {
        let shapes = try inputShapes.map { try PluginShapes.make($0, dtype: dtype) }
        let box = BuildContext(layer: self)
        let context = OpaquePointer(Unmanaged.passRetained(box).toOpaque())
        defer { Unmanaged<BuildContext>.fromOpaque(UnsafeRawPointer(context)).release() }
        let error = shapes.withUnsafeBufferPointer { buffer in
            layerClass.c.build!(layerClass.c.context, instance, context, buffer.baseAddress, Int32(buffer.count))
        }
        box.layer = nil
        if let error { throw PluginShapes.error(error, "\(where_): build failed") }
    }

    /// Adds a weight the plugin declared in `build` (the host's `add_weight`).
    func declareWeight(_ spec: keras_weight_spec) throws -> Int {
        guard let name = PluginABI.string(spec.name), !name.isEmpty else { throw KerasError(.invalidArgument, "add_weight: the weight has no name") }
        let what = "\(where_): add_weight \"\(name)\""
        guard spec.rank >= 0, spec.rank <= 32, spec.rank == 0 || spec.shape != nil else {
            throw KerasError(.invalidArgument, "\(what): rank \(spec.rank) without a shape")
        }
        let shape = (0..<Int(spec.rank)).map { Int(spec.shape![$0]) }
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) < 1 << 34 else {
            throw KerasError(.invalidArgument, "\(what): shape \(shape) has a negative or too large dimension")
        }
        var weightType = dtype
        if spec.dtype != -1 {
            guard let d = DType(abiCode: spec.dtype) else { throw KerasError(.invalidArgument, "\(what): unknown dtype code \(spec.dtype)") }
            weightType = d
        }
        func parse<T>(_ text: String?, _ kind: String, named: (String) throws -> T, config: (JSONValue) throws -> T) throws -> T? {
            guard let text, !text.isEmpty else { return nil }
            do {
                if text.hasPrefix("{") { return try config(.object(try PluginShapes.object(text, "\(kind) config"))) }
                return try named(text)
            } catch let error as KerasError {
                throw KerasError(.invalidArgument, "\(what): \(kind): \(error.message)")
            }
        }
        let initializer = try parse(PluginABI.string(spec.initializer), "initializer", named: Initializer.named, config: Initializer.fromConfig)
        let regularizer = try parse(PluginABI.string(spec.regularizer), "regularizer", named: Regularizer.named, config: Regularizer.fromConfig)
        let constraint = try parse(PluginABI.string(spec.constraint), "constraint", named: Constraint.named, config: Constraint.fromConfig)
        let variable = addWeight(name: name, shape: shape, dtype: weightType, initializer: initializer,
                                 regularizer: regularizer, trainable: spec.trainable != 0, constraint: constraint)
        declaredWeights.append(variable)
        return declaredWeights.count - 1
    }

    public override func call(_ inputs: [Tensor], training: Bool, mask: [Tensor?]) throws -> [Tensor] {
        let inputHandles = inputs.map { HostTensorHandle($0).retainedHandle() }
        let weightHandles = declaredWeights.map { HostTensorHandle($0.value).retainedHandle() }
        defer { for handle in inputHandles + weightHandles { HostTensorHandles.release(handle) } }
        let capacity = 64
        var outputs = [OpaquePointer?](repeating: nil, count: capacity)
        var produced: Int32 = 0
        let error = inputHandles.map(Optional.some).withUnsafeBufferPointer { ins in
            weightHandles.map(Optional.some).withUnsafeBufferPointer { ws in
                outputs.withUnsafeMutableBufferPointer { outs in
                    layerClass.c.call!(layerClass.c.context, instance, ins.baseAddress, Int32(ins.count), ws.baseAddress, Int32(ws.count),
                                       training ? 1 : 0, outs.baseAddress, Int32(capacity), &produced)
                }
            }
        }
        let made = outputs.prefix(Int(max(0, min(produced, Int32(capacity))))).map { $0.map(HostTensorHandle.take) }
        if let error { throw PluginShapes.error(error, "\(where_): call failed") }
        guard produced >= 1, produced <= Int32(capacity), made.allSatisfy({ $0 != nil }) else {
            throw KerasError(.plugin, "\(where_): call returned \(produced) outputs\(made.contains { $0 == nil } ? " with empty handles" : "")")
        }
        return made.map { $0! }
    }

    public override func computeOutputShapes(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard let compute = layerClass.c.compute_output_shape else { return try ShapeInference.byRunning(self, inputShapes: inputShapes) }
        let shapes = try inputShapes.map { try PluginShapes.make($0, dtype: dtype) }
        let capacity = 64
        var outputs = [keras_shape](repeating: keras_shape(), count: capacity)
        var produced: Int32 = 0
        let error = shapes.withUnsafeBufferPointer { ins in
            outputs.withUnsafeMutableBufferPointer { outs in
                compute(layerClass.c.context, instance, ins.baseAddress, Int32(ins.count), outs.baseAddress, Int32(capacity), &produced)
            }
        }
        if let error { throw PluginShapes.error(error, "\(where_): compute_output_shape failed for \(ShapeFormat.list(inputShapes))") }
        guard produced >= 1, produced <= Int32(capacity) else {
            throw KerasError(.plugin, "\(where_): compute_output_shape returned \(produced) shapes")
        }
        return try outputs.prefix(Int(produced)).map { try PluginShapes.read($0, "\(where_): compute_output_shape").dims }
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        let shapes = try computeOutputShapes([inputShape])
        guard shapes.count == 1 else {
            throw KerasError(.invalidArgument, "\(where_) has \(shapes.count) outputs; use computeOutputShapes(_:)")
        }
        return shapes[0]
    }

    /// The plugin's config (its `get_config`) with the base keys (`name`, `trainable`, `dtype`).
    /// The registered name goes beside it, in the serialized object (``ModelSerializer``).
    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        guard let getConfig = layerClass.c.get_config else { return config }
        var text: UnsafeMutablePointer<CChar>?
        if let error = getConfig(layerClass.c.context, instance, &text) {
            KerasLog.log(.error, PluginShapes.error(error, "\(where_): get_config failed").message)
            return config
        }
        guard let text else { return config }
        defer { free(text) }
        do {
            let own = try PluginShapes.object(String(cString: text), "\(where_): get_config")
            for (key, value) in own where key != "name" && key != "trainable" && key != "dtype" { config[key] = value }
        } catch {
            KerasLog.log(.error, "\(error)")
        }
        return config
    }
}

/// The host side of one `build` call, passed to the plugin as `keras_build_context`.
final class BuildContext {
    var layer: PluginLayer?
    init(layer: PluginLayer) { self.layer = layer }
}
