/// The fraction of predicted positives that are true: `TP / (TP + FP)`, predictions
/// thresholded at `threshold` (Keras's `keras.metrics.Precision`).
public final class Precision: Metric, @unchecked Sendable {
    public let threshold: Double
    private var truePositives = 0.0, falsePositives = 0.0

    /// Without a `name` the metric is named as Keras 3 names metric objects: `precision`, then
    /// `precision_1`, … (reset by `K.clearSession()`).
    public init(threshold: Double = 0.5, name: String? = nil) {
        self.threshold = threshold
        super.init(name: name ?? UniqueNames.make("precision"))
    }

    public override func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        let counts = ConfusionCounts(yTrue: yTrue, yPred: yPred, threshold: threshold, sampleWeight: sampleWeight)
        truePositives += counts.truePositives
        falsePositives += counts.falsePositives
    }

    public override func result() -> Double {
        truePositives + falsePositives == 0 ? 0 : truePositives / (truePositives + falsePositives)
    }

    public override func resetState() { truePositives = 0; falsePositives = 0 }

    public override var className: String? { "Precision" }

    /// Keras's config: `thresholds` null for the default 0.5 (`top_k`, `class_id` unsupported here).
    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["thresholds"] = threshold == 0.5 ? .null : .number(threshold)
        config["top_k"] = .null
        config["class_id"] = .null
        return config
    }

    public override var stateValues: [Double]? {
        get { [truePositives, falsePositives] }
        set { if let v = newValue, v.count == 2 { (truePositives, falsePositives) = (v[0], v[1]) } }
    }
}

/// The fraction of true positives that are predicted: `TP / (TP + FN)`, predictions
/// thresholded at `threshold` (Keras's `keras.metrics.Recall`).
public final class Recall: Metric, @unchecked Sendable {
    public let threshold: Double
    private var truePositives = 0.0, falseNegatives = 0.0

    /// Without a `name` the metric is named as Keras 3 names metric objects: `recall`, then
    /// `recall_1`, … (reset by `K.clearSession()`).
    public init(threshold: Double = 0.5, name: String? = nil) {
        self.threshold = threshold
        super.init(name: name ?? UniqueNames.make("recall"))
    }

    public override func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        let counts = ConfusionCounts(yTrue: yTrue, yPred: yPred, threshold: threshold, sampleWeight: sampleWeight)
        truePositives += counts.truePositives
        falseNegatives += counts.falseNegatives
    }

    public override func result() -> Double {
        truePositives + falseNegatives == 0 ? 0 : truePositives / (truePositives + falseNegatives)
    }

    public override func resetState() { truePositives = 0; falseNegatives = 0 }

    public override var className: String? { "Recall" }

    /// Keras's config: `thresholds` null for the default 0.5 (`top_k`, `class_id` unsupported here).
    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["thresholds"] = threshold == 0.5 ? .null : .number(threshold)
        config["top_k"] = .null
        config["class_id"] = .null
        return config
    }

    public override var stateValues: [Double]? {
        get { [truePositives, falseNegatives] }
        set { if let v = newValue, v.count == 2 { (truePositives, falseNegatives) = (v[0], v[1]) } }
    }
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
