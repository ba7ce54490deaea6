import Foundation

/// A compiled model's `compile_config`, as Keras 3 writes it into a `.keras` archive
/// (`optimizer`, `loss`, `loss_weights`, `metrics`, …), and compiling a model from one.
package enum CompileConfig {
    /// The `compile_config` of `model`, nil when it is not compiled.
    package static func of(_ model: Model) -> JSONValue? {
        guard let compiled = model.compiled else { return nil }
        let optimizer = compiled.optimizer
        func loss(_ loss: Loss?) -> JSONValue {
            guard let loss else { return .null }
            guard let className = loss.className else { return .string(loss.name) }
            var config = loss.config
            config["name"] = .string(loss.name)
            config["reduction"] = .string(loss.reduction.rawValue)
            return LayerConfig.object(module: "keras.losses", className: className, config: config)
        }
        let single = compiled.outputNames.count == 1
        let losses = compiled.losses.map(loss)
        let metrics = compiled.metricSpecs.map { .array($0.map(MetricConfig.serialize)) } as [JSONValue]
        let allDefaultWeights = compiled.lossWeights.allSatisfy { $0 == 1 }
        return .object([
            "optimizer": LayerConfig.object(module: "keras.optimizers", className: className(of: optimizer),
                                            config: optimizer.getConfig()),
            "loss": single ? losses[0] : .array(losses),
            "loss_weights": allDefaultWeights ? .null : .array(compiled.lossWeights.map { .number($0) }),
            "metrics": single ? (compiled.metricSpecs[0].isEmpty ? .null : metrics[0]) : .array(metrics),
            "weighted_metrics": .null,
            "run_eagerly": .bool(false),
            "steps_per_execution": .number(1),
            "jit_compile": .bool(false),
        ])
    }

    /// Keras's class name of an optimizer (`Adam`, `SGD`, `RMSprop`, …).
    package static func className(of optimizer: Optimizer) -> String {
        String(describing: type(of: optimizer))
    }

    /// Compiles `model` from a `compile_config`; throws naming `source` when a part is unknown.
    package static func compile(_ model: Model, from config: JSONValue, source: String) throws {
        do {
            guard let optimizerConfig = config["optimizer"], !optimizerConfig.isNull else {
                throw KerasError(.invalidArgument, "compile_config has no optimizer")
            }
            let optimizer = try Optimizer.fromConfig(optimizerConfig)
            let names = model.outputNames
            func losses(_ value: JSONValue?) throws -> [Loss?] {
                guard let value, !value.isNull else { return names.map { _ in nil } }
                if let list = value.arrayValue { return try list.map { $0.isNull ? nil : try Loss.fromConfig($0) } }
                if let dict = value.objectValue, dict["class_name"] == nil {
                    return try names.map { try dict[$0].map(Loss.fromConfig) }
                }
                let one = try Loss.fromConfig(value)
                return names.map { _ in one }
            }
            func metricList(_ value: JSONValue) throws -> [MetricSpec] {
                guard let list = value.arrayValue else {
                    if value.isNull { return [] }
                    throw KerasError(.invalidArgument, "metrics: expected a list of names, received \(value)")
                }
                return try list.map(MetricConfig.spec)
            }
            let lossList = try losses(config["loss"])
            guard lossList.count == names.count else {
                throw KerasError(.invalidArgument, "compile_config has \(lossList.count) losses for \(names.count) outputs (\(names))")
            }
            var weights: [Double]?
            if let value = config["loss_weights"], !value.isNull {
                weights = try (value.arrayValue ?? names.map { value[$0] ?? .number(1) }).map {
                    guard let w = $0.doubleValue else { throw KerasError(.invalidArgument, "loss_weights: \($0) is not a number") }
                    return w
                }
            }
            var metrics: [[MetricSpec]] = names.map { _ in [] }
            if let value = config["metrics"], !value.isNull {
                if let dict = value.objectValue {
                    metrics = try names.map { try dict[$0].map(metricList) ?? [] }
                } else if names.count > 1, let list = value.arrayValue, list.allSatisfy({ $0.arrayValue != nil || $0.isNull }) {
                    metrics = try list.map(metricList)
                } else {
                    let one = try metricList(value)
                    metrics = names.map { _ in one }
                }
            }
            var byName: [String: Loss] = [:]
            for (name, loss) in zip(names, lossList) { if let loss { byName[name] = loss } }
            let metricsByName = Dictionary(uniqueKeysWithValues: zip(names, metrics))
            try model.compile(optimizer: optimizer, loss: byName,
                              lossWeights: weights.map { Dictionary(uniqueKeysWithValues: zip(names, $0)) },
                              metrics: metricsByName)
        } catch let error as KerasError {
            throw KerasError(error.kind, "\(source): compile_config: \(error.message)")
        }
    }
}
