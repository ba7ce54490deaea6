/// Metrics by Keras name: every name `compile(metrics:)` accepts.
extension Metric {
    /// A metric by Keras name or class name, as `compile(metrics:)` accepts it: `"accuracy"` /
    /// `"acc"` (binary, sparse or categorical, chosen from the first batch's shapes as Keras 3
    /// does), `"binary_accuracy"`, `"categorical_accuracy"`, `"sparse_categorical_accuracy"`,
    /// `"top_k_categorical_accuracy"`, `"sparse_top_k_categorical_accuracy"`, `"precision"`,
    /// `"recall"`, `"auc"`, their class names (`"BinaryAccuracy"`, `"AUC"`, …), and every loss name
    /// (`"mse"`, `"mae"`, …: the mean of the loss). The metric is named as written. An unknown
    /// name throws a ``KerasError`` with the closest known names.
    ///
    /// ```swift
    /// let m = try Metric.named("binary_accuracy")
    /// try Metric.named("acuracy")    // "Unknown metric: 'acuracy'. Did you mean 'accuracy'? …"
    /// ```
    ///
    /// Mirrors Keras's `keras.metrics.get(name)` together with compile's name resolution.
    public static func named(_ name: String) throws -> Metric {
        if let build = catalog.value(named: name) {
            let metric = try build()
            if metric.name != name, !catalog.isRegistered(name) { metric.name = name }
            return metric
        }
        if Loss.catalog.contains(name) {
            let loss = try Loss.named(name)
            return MeanMetricWrapper(name: name, loss.function)
        }
        throw catalog.unknownName(name, alsoKnown: Loss.knownNames)
    }

    /// Whether ``named(_:)`` knows `name` (a metric or a loss name).
    public static func isKnownName(_ name: String) -> Bool { catalog.contains(name) || Loss.catalog.contains(name) }

    /// Every name ``named(_:)`` accepts (metric names and loss names), sorted.
    public static var knownNames: [String] { Array(Set(catalog.names).union(Loss.knownNames)).sorted() }

    /// Registers a metric factory under `name`, so that `compile(metrics: ["name"])` and
    /// ``named(_:)`` find it (Keras's `custom_objects`).
    ///
    /// ```swift
    /// Metric.register("my_acc") { MeanMetricWrapper(name: "my_acc") { y, p in K.equal(y, p) } }
    /// ```
    public static func register(_ name: String, _ factory: @escaping @Sendable () throws -> Metric) {
        catalog.register(name, factory)
    }

    /// The built-in metrics by name (loss names are looked up in ``Loss/named(_:)``).
    static let catalog = Registry<@Sendable () throws -> Metric>(
        kind: "metric", plural: "metrics",
        builtins: [
            "accuracy": { AccuracyByShape(name: "accuracy") },
            "binary_accuracy": { binaryAccuracy() },
            "categorical_accuracy": { categoricalAccuracy() },
            "sparse_categorical_accuracy": { sparseCategoricalAccuracy() },
            "top_k_categorical_accuracy": { topKCategoricalAccuracy() },
            "sparse_top_k_categorical_accuracy": { sparseTopKCategoricalAccuracy() },
            "precision": { Precision() },
            "recall": { Recall() },
            "auc": { try AUC() },
        ],
        aliases: [
            "acc": "accuracy",
            "BinaryAccuracy": "binary_accuracy", "CategoricalAccuracy": "categorical_accuracy",
            "SparseCategoricalAccuracy": "sparse_categorical_accuracy",
            "TopKCategoricalAccuracy": "top_k_categorical_accuracy",
            "SparseTopKCategoricalAccuracy": "sparse_top_k_categorical_accuracy",
            "Precision": "precision", "Recall": "recall", "AUC": "auc",
        ],
        hint: "Loss names (mse, mae, …) are metrics too; register your own with Metric.register(_:_:).")
}
