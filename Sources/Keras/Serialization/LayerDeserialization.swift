import Foundation

/// Building layers and models from Keras 3 configs: `model.to_json()` output, the `config.json`
/// of a `.keras` file, the golden cases.
extension LayerRegistry {
    /// Builds a layer or model from a serialized `{"class_name", "config", …}` object (Keras 3,
    /// or Keras 2's `{"class_name", "config"}`). Models (`Functional`, `Model`, `Sequential`)
    /// are rebuilt with their graphs; other classes come from the registry.
    public static func layer(from json: JSONValue) throws -> Layer {
        guard let className = json["class_name"]?.stringValue else {
            throw KerasError(.invalidArgument, "Layer config: expected an object with \"class_name\", received \(json)")
        }
        guard let config = json["config"]?.objectValue else {
            throw KerasError(.invalidArgument, "Layer config of class \(className): expected a \"config\" object")
        }
        switch className {
        case "Functional", "Model": return try ModelDeserializer.functional(config)
        case "Sequential": return try ModelDeserializer.sequential(config)
        default:
            // As Keras 3 resolves a custom object: by its `registered_name` ("Package>Name")
            // first (looking for plugins that provide it when no class has it yet), then by
            // its class name.
            if let registered = json["registered_name"]?.stringValue, registered != className {
                if !contains(registered) { PluginRegistry.shared.discoverPlugins() }
                if contains(registered) { return try layer(className: registered, config: config) }
            }
            do {
                return try layer(className: className, config: config)
            } catch let error as KerasError where !contains(className) {
                // A Keras class SwiftKeras does not have yet: say so, and why.
                guard let note = KerasLayerCoverage.note(for: className) else { throw error }
                throw KerasError(error.kind, "\(note) \(error.message)")
            }
        }
    }
}

extension Model {
    /// A model from its Keras 3 JSON (`model.to_json()`), with fresh weights.
    ///
    /// ```swift
    /// let model = try Model.fromJSON(String(contentsOfFile: "model.json"))
    /// try model.setWeights(weights)
    /// ```
    ///
    /// Mirrors `keras.models.model_from_json`.
    public static func fromJSON(_ text: String) throws -> Model {
        try fromConfig(JSONValue.parse(Data(text.utf8), source: "model JSON"))
    }

    /// A model from its serialized config object (`{"class_name": "Functional", "config": …}`).
    public static func fromConfig(_ json: JSONValue) throws -> Model {
        let layer = try LayerRegistry.layer(from: json)
        guard let model = layer as? Model else {
            throw KerasError(.invalidArgument, "Model config: class \(layer.className) is a layer, not a model")
        }
        return model
    }
}

/// Rebuilds functional and sequential models, replaying each layer call recorded in the config.
enum ModelDeserializer {
    static func sequential(_ config: [String: JSONValue]) throws -> Sequential {
        let reader = ConfigReader(config, context: "Sequential config")
        let base = try reader.layerBase()
        let model = try Sequential(name: base.name)
        // Keras 2 files without an InputLayer put the input shape on the first layer.
        var firstLayerShape: [Int?]?
        for (i, item) in (try reader.array("layers") ?? []).enumerated() {
            guard case .object = item else {
                throw KerasError(.invalidArgument, "Sequential config: layers[\(i)] is not a layer object")
            }
            if item["class_name"]?.stringValue == "InputLayer" {
                try model.add(inputLayer(item["config"]?.objectValue ?? [:]))
            } else {
                if i == 0, let config = item["config"]?.objectValue {
                    firstLayerShape = try ConfigReader(config, context: "Sequential config: layers[0]").shape("batch_input_shape")
                }
                try model.add(LayerRegistry.layer(from: item))
            }
        }
        if let shape = try reader.shape("build_input_shape") ?? firstLayerShape, !model.built {
            try model.build(batchShape: shape)
        }
        model.trainable = base.trainable
        return model
    }

    static func functional(_ config: [String: JSONValue]) throws -> Model {
        let reader = ConfigReader(config, context: "Functional config \(config["name"]?.stringValue ?? "")")
        let base = try reader.layerBase()
        let layerItems = try reader.required("layers", reader.array)
        let keras2 = layerItems.contains { $0["module"] == nil }

        // Create every layer, then replay the calls in config order, retrying calls whose
        // inputs do not exist yet (layers shared at different depths).
        var layers: [String: Layer] = [:]
        var order: [String] = []
        var pending: [String: [JSONValue]] = [:]
        var calls: [String: [[KerasTensor]]] = [:]
        for (i, item) in layerItems.enumerated() {
            let name = item["name"]?.stringValue ?? item["config"]?["name"]?.stringValue
            guard let name else { throw KerasError(.invalidArgument, "\(reader.context): layers[\(i)] has no name") }
            let layer: Layer
            if item["class_name"]?.stringValue == "InputLayer" {
                let input = try inputLayer(item["config"]?.objectValue ?? [:])
                calls[name] = [[input.tensor]]
                layer = input
            } else {
                layer = try operationOrLayer(item)
                calls[name] = []
            }
            layers[name] = layer
            order.append(name)
            pending[name] = item["inbound_nodes"]?.arrayValue ?? []
        }

        var progress = true
        while progress && pending.values.contains(where: { !$0.isEmpty }) {
            progress = false
            for name in order {
                while let node = pending[name]?.first {
                    guard let outputs = try replay(node, on: layers[name]!, calls: calls, layers: layers, keras2: keras2, context: reader.context) else { break }
                    calls[name]!.append(outputs)
                    pending[name]!.removeFirst()
                    progress = true
                }
            }
        }
        if let stuck = order.first(where: { !(pending[$0]?.isEmpty ?? true) }) {
            throw KerasError(.invalidArgument, "\(reader.context): the call of layer \"\(stuck)\" refers to tensors that no layer produces")
        }

        func endpoint(_ spec: JSONValue) throws -> KerasTensor {
            guard let parts = spec.arrayValue, parts.count == 3, let layerName = parts[0].stringValue,
                  var nodeIndex = parts[1].intValue, let tensorIndex = parts[2].intValue else {
                throw KerasError(.invalidArgument, "\(reader.context): expected [layer name, node index, tensor index], received \(spec)")
            }
            // Keras counts a nested functional model's own node in these indices (Keras 3 only
            // here, not in the `keras_history` of inbound nodes).
            if let model = layers[layerName] as? Model, !(model is Sequential), model.graph != nil { nodeIndex -= 1 }
            guard let made = calls[layerName], nodeIndex >= 0, nodeIndex < made.count, tensorIndex < made[nodeIndex].count else {
                throw KerasError(.invalidArgument, "\(reader.context): no tensor \(spec) in the rebuilt graph")
            }
            return made[nodeIndex][tensorIndex]
        }
        func endpoints(_ key: String) throws -> [KerasTensor] {
            let value = try reader.required(key) { k in reader.values[k] }
            // A single [name, node, tensor] triple or a list of them.
            if let list = value.arrayValue, list.first?.stringValue != nil { return [try endpoint(value)] }
            return try (value.arrayValue ?? []).map(endpoint)
        }
        let model = try Model(inputs: endpoints("input_layers"), outputs: endpoints("output_layers"), name: base.name)
        model.trainable = base.trainable
        return model
    }

    static func inputLayer(_ config: [String: JSONValue]) throws -> InputLayer {
        let reader = ConfigReader(config, context: "InputLayer \(config["name"]?.stringValue ?? "")")
        let shape = try reader.shape("batch_shape") ?? reader.shape("batch_input_shape")
        guard let shape else { throw KerasError(.invalidArgument, "\(reader.context): missing `batch_shape`") }
        return InputLayer(batchShape: shape, dtype: try reader.dtype("dtype"), name: try reader.string("name"))
    }

    /// A layer, or a Keras operation recorded in the graph (`keras.src.ops.*`, e.g. `NotEqual`).
    private static func operationOrLayer(_ item: JSONValue) throws -> Layer {
        if let module = item["module"]?.stringValue, module.hasPrefix("keras.src.ops"),
           let className = item["class_name"]?.stringValue {
            guard let config = item["config"]?.objectValue else {
                throw KerasError(.invalidArgument, "Keras operation \(className): expected a \"config\" object")
            }
            return try OperationLayer(className: className, module: module, config: config)
        }
        return try LayerRegistry.layer(from: item)
    }

    /// Replays one recorded call; nil when an input does not exist yet.
    private static func replay(_ node: JSONValue, on layer: Layer, calls: [String: [[KerasTensor]]],
                               layers: [String: Layer], keras2: Bool, context: String) throws -> [KerasTensor]? {
        var missing = false
        func tensor(_ value: JSONValue) throws -> KerasTensor? {
            guard value["class_name"]?.stringValue == "__keras_tensor__",
                  let history = value["config"]?["keras_history"]?.arrayValue, history.count == 3,
                  let name = history[0].stringValue, var n = history[1].intValue, let t = history[2].intValue else {
                return nil
            }
            // Keras 2 counted a nested functional model's own node in these indices; Keras 3
            // (whose items carry a `module`) does not.
            if keras2, let model = layers[name] as? Model, !(model is Sequential), model.graph != nil { n -= 1 }
            guard let made = calls[name] else {
                throw KerasError(.invalidArgument, "\(context): layer \"\(layer.name)\" is called on an output of unknown layer \"\(name)\"")
            }
            guard n >= 0 else {
                throw KerasError(.invalidArgument, "\(context): layer \"\(layer.name)\" is called on node \(n + 1) of model \"\(name)\", which is its own graph node")
            }
            guard n < made.count, t < made[n].count else { missing = true; return nil }
            return made[n][t]
        }

        // Keras 2 list form: [[name, node, tensor, kwargs], …].
        if let legacy = node.arrayValue {
            var inputs: [KerasTensor] = []
            for entry in legacy {
                guard let e = entry.arrayValue, e.count >= 3, let name = e[0].stringValue,
                      let n = e[1].intValue, let t = e[2].intValue else {
                    throw KerasError(.invalidArgument, "\(context): malformed inbound node \(entry) of layer \"\(layer.name)\"")
                }
                guard let made = calls[name] else {
                    throw KerasError(.invalidArgument, "\(context): unknown layer \"\(name)\"")
                }
                guard n < made.count, t < made[n].count else { return nil }
                inputs.append(made[n][t])
            }
            return try layer.callSymbolic(inputs)
        }

        let args = node["args"]?.arrayValue ?? []
        var inputs: [KerasTensor] = []
        var constants: [JSONValue] = []
        for arg in args {
            if let list = arg.arrayValue, list.allSatisfy({ $0["class_name"]?.stringValue == "__keras_tensor__" }), !list.isEmpty {
                for item in list { if let x = try tensor(item) { inputs.append(x) } }
            } else if let x = try tensor(arg) {
                inputs.append(x)
            } else if arg["class_name"]?.stringValue != "__keras_tensor__" {
                constants.append(arg)
            }
        }
        let kwargs = node["kwargs"]?.objectValue ?? [:]
        var masks: [KerasTensor?] = []
        if let maskValue = kwargs["mask"], !maskValue.isNull {
            let maskList = maskValue.arrayValue ?? [maskValue]
            masks = try maskList.map { try tensor($0) }
        }
        if missing { return nil }
        var arguments: [String: JSONValue] = [:]
        if let training = kwargs["training"], !training.isNull { arguments["training"] = training }
        if let op = layer as? OperationLayer { op.constants = constants }
        return try layer.callSymbolic(inputs, arguments: arguments, masks: masks)
    }
}
