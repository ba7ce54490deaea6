import Foundation

/// Writing models as Keras 3 configs: the `config` of a `Functional` model (`layers` with their
/// `inbound_nodes`, `input_layers`, `output_layers`) and of a `Sequential` (`layers`,
/// `build_input_shape`), and the serialized object around any layer (`module`, `class_name`,
/// `config`, `registered_name`, `build_config`), as `keras/src/models/functional.py` and
/// `keras/src/saving/serialization_lib.py` write them.
package enum ModelSerializer {
    /// The `module` Keras writes for a class: built-in layers live in `keras.layers`.
    static func module(of layer: Layer) -> JSONValue {
        if layer is Sequential { return .string("keras") }
        if let op = layer as? OperationLayer { return .string(op.module) }
        if layer is InputLayer { return .string("keras.layers") }
        if let model = layer as? Model, model.graph != nil { return .string("keras.src.models.functional") }
        if layer is PluginLayer { return .null }
        return LayerRegistry.isBuiltIn(layer.className) ? .string("keras.layers") : .null
    }

    /// The `registered_name`: null for Keras's own classes, the class name for layers that
    /// come from ``LayerRegistry/register(_:factory:)``, a plugin class's registered name
    /// (`"SeedLayers>MyLayer"`, beside the bare `class_name`, as Keras 3 writes a class
    /// registered with `register_keras_serializable`).
    static func registeredName(of layer: Layer) -> JSONValue {
        if let plugin = layer as? PluginLayer { return .string(plugin.registeredName) }
        if let model = layer as? Model, model.graph != nil, !(layer is Sequential) { return .string("Functional") }
        if layer is Sequential || layer is OperationLayer || layer is InputLayer || LayerRegistry.isBuiltIn(layer.className) { return .null }
        return .string(layer.className)
    }

    /// `{"input_shape": …}` from the layer's first call: one shape, or a list for several inputs.
    static func buildConfig(of layer: Layer) -> JSONValue? {
        if let model = layer as? Model, !(layer is Sequential) {
            return model.graph == nil ? nil : .object(["input_shape": .null])
        }
        guard layer.built, !(layer is OperationLayer), let call = layer.nodeShapes.first(where: { !$0.inputs.isEmpty }) else { return nil }
        let shapes = call.inputs.map(LayerConfig.shape)
        return .object(["input_shape": shapes.count == 1 ? shapes[0] : .array(shapes)])
    }

    /// The config of a functional model.
    static func functionalConfig(_ model: Model, graph: LayerGraph) -> [String: JSONValue] {
        let kept = Set(graph.nodes.map(ObjectIdentifier.init)).union(graph.inputs.map { ObjectIdentifier($0.node) })
        // Node indices count only the nodes of this model (a nested model's own node, which
        // links its inputs to its outputs, is not one of them: Keras 3 has no such node).
        var reindexed: [ObjectIdentifier: Int] = [:]
        for layer in graph.layers {
            var next = 0
            for node in layer.inboundNodes where kept.contains(ObjectIdentifier(node)) {
                reindexed[ObjectIdentifier(node)] = next
                next += 1
            }
        }
        func history(_ tensor: KerasTensor) -> JSONValue {
            .array([.string(tensor.layer.name), .number(Double(reindexed[ObjectIdentifier(tensor.node)] ?? 0)), .number(Double(tensor.index))])
        }
        func tensorRecord(_ tensor: KerasTensor) -> JSONValue {
            .object([
                "class_name": .string("__keras_tensor__"),
                "config": .object([
                    "shape": LayerConfig.shape(tensor.shape),
                    "dtype": .string(tensor.dtype.rawValue),
                    "keras_history": history(tensor),
                ]),
            ])
        }
        var layers: [JSONValue] = []
        for layer in graph.layers {
            guard case .object(var item) = serialize(layer) else { continue }
            item["name"] = .string(layer.name)
            var nodes: [JSONValue] = []
            for node in layer.inboundNodes where !node.isInput && kept.contains(ObjectIdentifier(node)) {
                var args: [JSONValue] = node.inputs.count == 1 ? [tensorRecord(node.inputs[0])] : [.array(node.inputs.map(tensorRecord))]
                if let op = layer as? OperationLayer {
                    args = node.inputs.map(tensorRecord) + op.constants
                }
                var kwargs = node.arguments
                if node.explicitMasks.contains(where: { $0 != nil }) {
                    let masks = node.explicitMasks.map { $0.map(tensorRecord) ?? .null }
                    kwargs["mask"] = masks.count == 1 ? masks[0] : .array(masks)
                }
                nodes.append(.object(["args": .array(args), "kwargs": .object(kwargs)]))
            }
            item["inbound_nodes"] = .array(nodes)
            layers.append(.object(item))
        }
        // `input_layers` / `output_layers` count a nested functional model's own node first
        // (Keras's `node_reindexing_map`); the `keras_history` of inbound nodes does not.
        func endpoint(_ tensor: KerasTensor) -> JSONValue {
            let offset = (tensor.layer as? Model).map { $0.graph != nil && !($0 is Sequential) ? 1 : 0 } ?? 0
            return .array([.string(tensor.layer.name), .number(Double((reindexed[ObjectIdentifier(tensor.node)] ?? 0) + offset)),
                           .number(Double(tensor.index))])
        }
        var config: [String: JSONValue] = [
            "name": .string(model.name),
            "trainable": .bool(model.trainable),
            "layers": .array(layers),
            "input_layers": .array(graph.inputs.map(endpoint)),
        ]
        // Keras writes a single output unwrapped.
        config["output_layers"] = graph.outputs.count == 1 ? endpoint(graph.outputs[0]) : .array(graph.outputs.map(endpoint))
        return config
    }

    /// The config of a sequential model: its input layer (when it has one) and its layers.
    static func sequentialConfig(_ model: Sequential, inputLayer: InputLayer?) -> [String: JSONValue] {
        var config: [String: JSONValue] = [
            "name": .string(model.name),
            "trainable": .bool(model.trainable),
            "dtype": LayerConfig.dtypePolicy(model.dtype),
        ]
        var layers: [JSONValue] = []
        if let inputLayer { layers.append(serialize(inputLayer)) }
        for layer in model.layers {
            guard case .object(var item) = serialize(layer) else { continue }
            // The input layer carries the shape; Keras 3's layer configs have no
            // `batch_input_shape`.
            if inputLayer != nil, case .object(var config)? = item["config"] {
                config["batch_input_shape"] = nil
                item["config"] = .object(config)
            }
            layers.append(.object(item))
        }
        config["layers"] = .array(layers)
        if let inputLayer { config["build_input_shape"] = LayerConfig.shape(inputLayer.batchShape) }
        return config
    }

    /// The serialized object around a layer or model.
    static func serialize(_ layer: Layer) -> JSONValue {
        let config = layer.getConfig()
        var item: [String: JSONValue] = [
            "module": module(of: layer),
            "class_name": .string(layer.className),
            "config": .object(config),
            "registered_name": registeredName(of: layer),
        ]
        if let build = buildConfig(of: layer) { item["build_config"] = build }
        if layer is Sequential, let shape = config["build_input_shape"] {
            item["build_config"] = .object(["input_shape": shape])
        }
        return .object(item)
    }

    /// Throws when a layer of `model` (nested ones included) cannot be written as a config a
    /// loader could rebuild: a Lambda holding an unregistered closure.
    static func checkSerializable(_ layer: Layer, path: String = "") throws {
        let here = path.isEmpty ? layer.name : path + "/" + layer.name
        if let lambda = layer as? Lambda {
            if lambda.functionName == nil {
                throw KerasError(.invalidArgument, "Cannot save Lambda layer \"\(here)\": its function is an unnamed closure, which a config cannot hold. Register it with LambdaFunctions.register(\"my_function\") { … } and build the layer with Lambda(named: \"my_function\").")
            }
            if case .rule = lambda.mask {
                throw KerasError(.invalidArgument, "Cannot save Lambda layer \"\(here)\": its mask is a closure; give a constant mask or none.")
            }
        }
        for child in childLayers(of: layer) { try checkSerializable(child, path: here) }
    }

    /// The layers a layer holds (a model's layers, a wrapper's layer).
    static func childLayers(of layer: Layer) -> [Layer] {
        if let model = layer as? Model { return model.layers }
        if let wrapper = layer as? TimeDistributed { return [wrapper.layer] }
        if let wrapper = layer as? Bidirectional { return [wrapper.forwardLayer, wrapper.backwardLayer] }
        return []
    }

    /// JSON text of a value, keys sorted.
    package static func text(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Model {
    /// The model as Keras 3 JSON (`{"module", "class_name", "config", "registered_name",
    /// "build_config"}`), which ``fromJSON(_:)`` and Keras's `keras.models.model_from_json`
    /// rebuild (without the weights).
    ///
    /// ```swift
    /// let json = try model.toJSON()              // Keras: model.to_json()
    /// let copy = try Model.fromJSON(json)        // keras.models.model_from_json(json)
    /// ```
    ///
    /// Throws when a layer cannot be described by a config: a ``Lambda`` holding an unnamed
    /// closure (register the function in ``LambdaFunctions`` instead).
    public func toJSON() throws -> String {
        try ModelSerializer.text(toConfig())
    }

    /// The model as a Keras 3 serialized object (what ``toJSON()`` writes), compile state
    /// excluded.
    public func toConfig() throws -> JSONValue {
        try ModelSerializer.checkSerializable(self)
        return ModelSerializer.serialize(self)
    }
}
