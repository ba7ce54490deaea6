import KerasCore
import Foundation

/// Loading Keras 2's whole-model HDF5 files (`model.save("m.h5")` in tf.keras / Keras 2), as
/// Keras 3's `load_model` still does for a name ending in `.h5` or `.hdf5`: the root attribute
/// `model_config` holds the architecture (Keras 2's config JSON), `model_weights/` the weights in
/// Keras 2's layout (``LegacyWeightsFile``), `training_config` the compile arguments and
/// `optimizer_weights/` the optimizer's variables.
enum LegacyModelFile {
    /// Whether `loadModel` reads `path` as a legacy HDF5 file (Keras 3 dispatches on the same suffixes).
    static func handles(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5")
    }

    static func load(_ path: String, compile: Bool) throws -> Model {
        let (modelText, trainingText) = try HDF5File.read(path) { root in
            (attribute(root, "model_config"), attribute(root, "training_config"))
        }
        guard let modelText else {
            throw KerasError(.invalidArgument, "\(path): no model found in the file (it has no `model_config` attribute): a weights-only file. Build the model in Swift and call loadWeights(from:)")
        }
        let config = try JSONValue.parse(Data(modelText.utf8), source: "\(path): attribute model_config")
        let model: Model
        do {
            model = try Model.fromConfig(config)
        } catch let error as KerasError {
            throw KerasError(error.kind, "\(path): attribute model_config: \(error.message)")
        }
        guard model.built else {
            throw KerasError(.invalidArgument, "\(path): attribute model_config: the model \"\(model.name)\" has no input shape, so its weights cannot be placed")
        }
        // Every weight is checked against the architecture before any is assigned; the model
        // is new, so a failure leaves nothing behind.
        try LegacyWeightsFile.load(into: model, from: path)
        guard compile, let trainingText, trainingText != "null" else { return model }
        let training = try JSONValue.parse(Data(trainingText.utf8), source: "\(path): attribute training_config")
        let source = "\(path): attribute training_config"
        try CompileConfig.compile(model, from: try compileConfig(training, outputs: model.outputNames.count, source: source), source: source)
        if let optimizer = model.compiled?.optimizer {
            try restoreOptimizer(optimizer, trainable: model.trainableWeights, path: path)
        }
        return model
    }

    /// A string attribute stored either way Keras 2 wrote it (variable-length, or fixed-length
    /// bytes by older versions).
    private static func attribute(_ group: HDF5Group, _ name: String) -> String? {
        group.stringAttribute(name) ?? group.stringListAttribute(name).flatMap { $0.count == 1 ? $0[0] : nil }
    }

    /// Keras 2's `training_config` in the shape of Keras 3's `compile_config`: the optimizer's
    /// class without Keras 2.11+'s `Custom>` prefix, and metrics as Keras 3 names them (Keras 2
    /// writes each as a `MeanMetricWrapper` around a function name, one list per output).
    static func compileConfig(_ training: JSONValue, outputs: Int, source: String) throws -> JSONValue {
        guard case .object(var config) = training else {
            throw KerasError(.invalidArgument, "\(source): expected a JSON object, received \(training)")
        }
        if case .object(var optimizer)? = config.removeValue(forKey: "optimizer_config") {
            if let name = optimizer["class_name"]?.stringValue, name.hasPrefix("Custom>") {
                optimizer["class_name"] = .string(String(name.dropFirst("Custom>".count)))
            }
            // Keras 2.11+'s optimizer keys that Keras 3 no longer has.
            if case .object(var arguments)? = optimizer["config"] {
                arguments["is_legacy_optimizer"] = nil
                arguments["jit_compile"] = nil
                optimizer["config"] = .object(arguments)
            }
            config["optimizer"] = .object(optimizer)
        }
        func metric(_ item: JSONValue) -> JSONValue {
            guard item["class_name"]?.stringValue == "MeanMetricWrapper", let fn = item["config"]?["fn"]?.stringValue else { return item }
            let name = item["config"]?["name"]?.stringValue ?? fn
            // "accuracy"/"acc" keep Keras's choice from the shapes; other functions by name.
            if name == "accuracy" || name == "acc" { return .string(name) }
            return .object(["class_name": .string(fn), "config": .object(["name": .string(name)])])
        }
        func metricLists(_ value: JSONValue?) -> JSONValue? {
            guard let list = value?.arrayValue else { return value }
            // One list per output: a single output's metrics are that one list.
            if list.allSatisfy({ $0.arrayValue != nil }) {
                let perOutput = list.map { JSONValue.array($0.arrayValue!.map(metric)) }
                return outputs == 1 && perOutput.count == 1 ? perOutput[0] : .array(perOutput)
            }
            return .array(list.map(metric))
        }
        if let metrics = metricLists(config["metrics"]) { config["metrics"] = metrics }
        // Keras 2's loss objects carry `reduction: "auto"`, which meant sum over the batch size
        // in fit; Keras 3 has no "auto" (and refuses it).
        func loss(_ value: JSONValue) -> JSONValue {
            switch value {
            case .array(let list): return .array(list.map(loss))
            case .object(var object) where object["class_name"] == nil: for (k, v) in object { object[k] = loss(v) }; return .object(object)
            case .object(var object):
                if case .object(var arguments)? = object["config"], arguments["reduction"] == .string("auto") {
                    arguments["reduction"] = .string("sum_over_batch_size")
                    object["config"] = .object(arguments)
                }
                return .object(object)
            default: return value
            }
        }
        if let value = config["loss"] { config["loss"] = loss(value) }
        return .object(config)
    }

    /// Restores the optimizer from `optimizer_weights/` when it holds a layout Keras 3 builds
    /// the same way: Keras 3's own (`adam/iteration`, `adam/learning_rate`, then the slots,
    /// written by Keras 3's `model.save("m.h5")`) or Keras 2.11+'s (`iteration:0`, then the
    /// slots in the same order, with no learning-rate variable). An older layout (the legacy
    /// optimizers' `Adam/iter:0`, `Adam/m/…` lists) is reported and left out, as Keras 3 warns
    /// and leaves it out.
    private static func restoreOptimizer(_ optimizer: Optimizer, trainable: [Variable], path: String) throws {
        let source = "\(path): optimizer_weights"
        let stored: (names: [String], values: [Tensor])? = try HDF5File.read(path) { root in
            guard let group = try root.group(at: "optimizer_weights") else { return nil }
            let names = group.stringListAttribute("weight_names") ?? []
            let values = try names.map { name -> Tensor in
                let parts = name.split(separator: "/").map(String.init)
                guard let parent = try group.group(at: parts.dropLast().joined(separator: "/")), let leaf = parts.last,
                      parent.kind(of: leaf) == .dataset else {
                    throw KerasError(.io, "\(source): lists \(name), which the file does not hold")
                }
                return try parent.readDataset(leaf)
            }
            return (names, values)
        }
        guard let stored, !stored.names.isEmpty else { return }
        let values: [Tensor]
        if stored.names[0] == "iteration:0" {
            // Keras 2 keeps no learning-rate variable: the configured rate stands in for it.
            values = [stored.values[0], Tensor(Float(optimizer.currentLearningRate))] + stored.values.dropFirst()
        } else if stored.names.count >= 2, stored.names[0].hasSuffix("iteration"), stored.names[1].hasSuffix("learning_rate") {
            values = stored.values
        } else {
            KerasLog.log(.warning, "\(source): the optimizer state is in a layout Keras 3 does not read either (a legacy optimizer's: \(stored.names[0]), …); the optimizer starts fresh")
            return
        }
        try OptimizerVariables.restore(optimizer, trainable: trainable, values: values, source: source)()
    }
}
