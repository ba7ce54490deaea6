/// The metrics of a `compile_config`, as Keras 3 writes them: a metric given by name stays a
/// name (`"accuracy"`); a metric object is its serialized Keras config
/// (`{"module": "keras.metrics", "class_name": "AUC", "config": {"num_thresholds": 50, …}}`).
enum MetricConfig {
    /// The `compile_config` entry of one metric.
    static func serialize(_ spec: MetricSpec) -> JSONValue {
        switch spec {
        case .named(let name): return .string(name)
        case .metric(let metric):
            guard let className = metric.className else { return .string(metric.name) }
            var config = metric.getConfig()
            if config["dtype"] == nil { config["dtype"] = .string("float32") }
            return LayerConfig.object(module: "keras.metrics", className: className, config: config)
        }
    }

    /// The metric of one `compile_config` entry: a name, or a serialized metric object. The
    /// classes SwiftKeras implements are rebuilt with their arguments; another class is looked
    /// up by its class name (a metric registered with ``Metric/register(_:_:)``, or a loss class
    /// such as `MeanSquaredError`).
    static func spec(from item: JSONValue) throws -> MetricSpec {
        if let name = item.stringValue { return .named(name) }
        guard let className = item["class_name"]?.stringValue else {
            throw KerasError(.invalidArgument, "metrics: expected a metric name or a serialized metric object, received \(item)")
        }
        guard let values = item["config"].map({ $0.isNull ? [:] : $0.objectValue }) ?? [:] else {
            throw KerasError(.invalidArgument, "metrics: metric \(className): `config`: expected an object, received \(item["config"]!)")
        }
        let config = ConfigReader(values, context: "metric \(className)")
        let name = try config.string("name")
        switch className {
        case "AUC":
            try rejectUnsupported(config, nonNull: ["num_labels", "label_weights"], true: ["multi_label"])
            let curveName = try config.string("curve") ?? "ROC"
            guard let curve = AUC.Curve(rawValue: curveName.uppercased()) else {
                throw KerasError(.invalidArgument, "\(config.context): `curve`: expected \"ROC\" or \"PR\", received \"\(curveName)\"")
            }
            let method = try config.string("summation_method") ?? "interpolation"
            guard let summation = AUC.SummationMethod(rawValue: method) else {
                throw KerasError(.invalidArgument, "\(config.context): `summation_method`: expected interpolation, minoring or majoring, received \"\(method)\"")
            }
            return .metric(try AUC(numThresholds: try config.int("num_thresholds") ?? 200, curve: curve, summationMethod: summation,
                                   name: name, fromLogits: try config.bool("from_logits") ?? false))
        case "Precision", "Recall":
            try rejectUnsupported(config, nonNull: ["top_k", "class_id"], true: [])
            guard config.values["thresholds"]?.arrayValue == nil else {
                throw KerasError(.invalidArgument, "\(config.context): `thresholds`: a list of thresholds is not supported yet; give one number")
            }
            let threshold = try config.double("thresholds") ?? 0.5
            return .metric(className == "Precision" ? Precision(threshold: threshold, name: name) : Recall(threshold: threshold, name: name))
        case "BinaryAccuracy":
            return .metric(Metric.binaryAccuracy(name: name ?? "binary_accuracy", threshold: try config.double("threshold") ?? 0.5))
        case "CategoricalAccuracy":
            return .metric(Metric.categoricalAccuracy(name: name ?? "categorical_accuracy"))
        case "SparseCategoricalAccuracy":
            return .metric(Metric.sparseCategoricalAccuracy(name: name ?? "sparse_categorical_accuracy"))
        case "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy":
            let k = try config.int("k") ?? 5
            guard k > 0 else { throw KerasError(.invalidArgument, "\(config.context): `k`: expected a positive integer, received \(k)") }
            return .metric(className == "TopKCategoricalAccuracy"
                ? Metric.topKCategoricalAccuracy(k: k, name: name ?? "top_k_categorical_accuracy")
                : Metric.sparseTopKCategoricalAccuracy(k: k, name: name ?? "sparse_top_k_categorical_accuracy"))
        default:
            // A loss class (`MeanSquaredError` → the mean of the loss) or a registered metric,
            // keeping the name it was logged under.
            let metric = try Metric.named(Metric.isKnownName(className) ? className : name ?? className)
            if let name { metric.name = name }
            return .metric(metric)
        }
    }

    private static func rejectUnsupported(_ config: ConfigReader, nonNull: [String], true flags: [String]) throws {
        for key in nonNull where config.has(key) {
            throw KerasError(.unimplemented, "\(config.context): `\(key)` is not supported yet (received \(config.values[key]!))")
        }
        for key in flags where try config.bool(key) == true {
            throw KerasError(.unimplemented, "\(config.context): `\(key)=true` is not supported yet")
        }
    }
}
