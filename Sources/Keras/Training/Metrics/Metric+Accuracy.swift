/// The accuracy metrics and metrics by Keras name.
extension Metric {
    /// `mean(y == (ŷ > threshold))` over every element (`"binary_accuracy"`).
    public static func binaryAccuracy(name: String = "binary_accuracy", threshold: Double = 0.5) -> Metric {
        MeanMetricWrapper(name: name, className: "BinaryAccuracy", arguments: ["threshold": .number(threshold)]) { y, p in
            let predicted = K.cast(K.greater(p, K.scalar(threshold, like: p)), p.dtype)
            return K.cast(K.equal(K.cast(Loss.aligned(y, p), p.dtype), predicted), .float64)
        }
    }

    /// `argmax(y) == argmax(ŷ)` per sample (`"categorical_accuracy"`).
    public static func categoricalAccuracy(name: String = "categorical_accuracy") -> Metric {
        MeanMetricWrapper(name: name, className: "CategoricalAccuracy") { y, p in
            K.cast(K.equal(K.argmax(y, axis: -1), K.argmax(p, axis: -1)), .float64)
        }
    }

    /// `y == argmax(ŷ)` per sample, `y` holding class indices (`"sparse_categorical_accuracy"`).
    public static func sparseCategoricalAccuracy(name: String = "sparse_categorical_accuracy") -> Metric {
        MeanMetricWrapper(name: name, className: "SparseCategoricalAccuracy") { y, p in
            var labels = y
            if labels.rank == p.rank, labels.shape.last == 1 { labels = K.squeeze(labels, axis: -1) }
            return K.cast(K.equal(K.cast(labels, .int64), K.argmax(p, axis: -1)), .float64)
        }
    }

    /// Whether the true class (argmax of `y`) is among the `k` highest predictions
    /// (`"top_k_categorical_accuracy"`).
    public static func topKCategoricalAccuracy(k: Int = 5, name: String = "top_k_categorical_accuracy") -> Metric {
        MeanMetricWrapper(name: name, className: "TopKCategoricalAccuracy", arguments: ["k": .number(Double(k))]) { y, p in
            K.cast(K.inTopK(p, K.cast(K.argmax(y, axis: -1), .int32), k: k), .float64)
        }
    }

    /// Whether the class index `y` is among the `k` highest predictions
    /// (`"sparse_top_k_categorical_accuracy"`).
    public static func sparseTopKCategoricalAccuracy(k: Int = 5, name: String = "sparse_top_k_categorical_accuracy") -> Metric {
        MeanMetricWrapper(name: name, className: "SparseTopKCategoricalAccuracy", arguments: ["k": .number(Double(k))]) { y, p in
            var labels = y
            if labels.rank == p.rank, labels.shape.last == 1 { labels = K.squeeze(labels, axis: -1) }
            return K.cast(K.inTopK(p, K.cast(labels, .int32), k: k), .float64)
        }
    }

    /// A metric by name for targets `yTrue` and predictions `yPred`. `"accuracy"` / `"acc"`
    /// resolve from the shapes as Keras 3 does: binary when `ŷ` has one column, sparse when `y`
    /// has lower rank (or one column against several), categorical otherwise; the metric keeps
    /// the name the user wrote. Other names as ``named(_:)``.
    public static func resolve(_ name: String, yTrue: Tensor, yPred: Tensor) throws -> Metric {
        if name == "accuracy" || name == "acc" { return accuracy(name: name, yTrue: yTrue, yPred: yPred) }
        return try named(name)
    }

    /// Keras 3's choice of accuracy for `"accuracy"` from the shapes of targets and predictions.
    static func accuracy(name: String, yTrue: Tensor, yPred: Tensor) -> Metric {
        if yPred.shape.last == 1 { return binaryAccuracy(name: name) }
        if yTrue.rank < yPred.rank || (yTrue.shape.last == 1 && (yPred.shape.last ?? 1) > 1) {
            return sparseCategoricalAccuracy(name: name)
        }
        return categoricalAccuracy(name: name)
    }
}

/// `"accuracy"` outside `compile`: binary, sparse or categorical accuracy, chosen from the
/// shapes of the first batch it sees (as `compile` chooses).
final class AccuracyByShape: Metric, @unchecked Sendable {
    private var chosen: Metric?

    override init(name: String) { super.init(name: name) }

    override func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        let metric = chosen ?? Metric.accuracy(name: name, yTrue: yTrue, yPred: yPred)
        chosen = metric
        metric.updateState(yTrue: yTrue, yPred: yPred, sampleWeight: sampleWeight)
    }

    override func result() -> Double { chosen?.result() ?? 0 }

    override func resetState() { chosen?.resetState() }

    /// The chosen accuracy's total and count (zeros before the first batch, so every rank of a
    /// data-parallel job contributes the same number of values).
    override var stateValues: [Double]? {
        get { chosen?.stateValues ?? [0, 0] }
        set { chosen?.stateValues = newValue }
    }
}
