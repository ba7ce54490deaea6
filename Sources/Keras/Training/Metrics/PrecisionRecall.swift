/// What ``Precision`` and ``Recall`` share: `TP / (TP + other)` over predictions thresholded at
/// `threshold`, where `other` is the false positives (precision) or the false negatives (recall).
public class ThresholdedRatio: Metric, @unchecked Sendable {
    public let threshold: Double
    private let other: KeyPath<ConfusionCounts, Double>
    private var truePositives = 0.0, otherCount = 0.0

    init(threshold: Double, name: String, other: KeyPath<ConfusionCounts, Double>) {
        self.threshold = threshold
        self.other = other
        super.init(name: name)
    }

    public override func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        let counts = ConfusionCounts(yTrue: yTrue, yPred: yPred, threshold: threshold, sampleWeight: sampleWeight)
        truePositives += counts.truePositives
        otherCount += counts[keyPath: other]
    }

    public override func result() -> Double {
        truePositives + otherCount == 0 ? 0 : truePositives / (truePositives + otherCount)
    }

    public override func resetState() { truePositives = 0; otherCount = 0 }

    /// Keras's config: `thresholds` null for the default 0.5 (`top_k`, `class_id` unsupported here).
    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["thresholds"] = threshold == 0.5 ? .null : .number(threshold)
        config["top_k"] = .null
        config["class_id"] = .null
        return config
    }

    /// The true positives and the other count, summed across ranks by data-parallel training.
    public override var stateValues: [Double]? {
        get { [truePositives, otherCount] }
        set { if let v = newValue, v.count == 2 { (truePositives, otherCount) = (v[0], v[1]) } }
    }
}

/// The fraction of predicted positives that are true: `TP / (TP + FP)`, predictions
/// thresholded at `threshold` (Keras's `keras.metrics.Precision`).
///
/// ```swift
/// try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: [Precision()])
/// ```
public final class Precision: ThresholdedRatio, @unchecked Sendable {
    /// Without a `name` the metric is named as Keras 3 names metric objects: `precision`, then
    /// `precision_1`, … (reset by `K.clearSession()`).
    public init(threshold: Double = 0.5, name: String? = nil) {
        super.init(threshold: threshold, name: name ?? UniqueNames.make("precision"), other: \.falsePositives)
    }

    public override var className: String? { "Precision" }
}

/// The fraction of true positives that are predicted: `TP / (TP + FN)`, predictions
/// thresholded at `threshold` (Keras's `keras.metrics.Recall`).
///
/// ```swift
/// try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: [Recall()])
/// ```
public final class Recall: ThresholdedRatio, @unchecked Sendable {
    /// Without a `name` the metric is named as Keras 3 names metric objects: `recall`, then
    /// `recall_1`, … (reset by `K.clearSession()`).
    public init(threshold: Double = 0.5, name: String? = nil) {
        super.init(threshold: threshold, name: name ?? UniqueNames.make("recall"), other: \.falseNegatives)
    }

    public override var className: String? { "Recall" }
}

/// Weighted confusion counts of thresholded predictions against 0/1 labels.
struct ConfusionCounts {
    var truePositives = 0.0, falsePositives = 0.0, falseNegatives = 0.0, trueNegatives = 0.0

    init(yTrue: Tensor, yPred: Tensor, threshold: Double, sampleWeight: Tensor?) {
        let labels = Loss.aligned(yTrue, yPred).doubles
        let predictions = yPred.doubles
        let perSample = predictions.count / max(1, sampleWeight?.count ?? predictions.count)
        let weights = sampleWeight?.doubles
        for i in predictions.indices {
            let w = weights.map { $0[min($0.count - 1, i / max(perSample, 1))] } ?? 1
            let predicted = predictions[i] > threshold, actual = labels[i] > 0.5
            switch (predicted, actual) {
            case (true, true): truePositives += w
            case (true, false): falsePositives += w
            case (false, true): falseNegatives += w
            case (false, false): trueNegatives += w
            }
        }
    }
}
