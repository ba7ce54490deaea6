import Foundation

/// The area under the ROC or precision–recall curve, streamed over batches.
///
/// `numThresholds` thresholds split [0, 1] evenly (`i/(n−1)` for `i = 1…n−2`, plus `−1e-7` and
/// `1 + 1e-7` at the ends); for each one the metric accumulates weighted true/false
/// positives/negatives of `yPred > threshold` against the labels (a soft label `y` counts `y`
/// positive and `1 − y` negative). ``result()`` sums the curve between successive thresholds:
/// ROC as recall over false-positive rate, PR as precision over recall, with the trapezoid rule
/// (`.interpolation`; for PR, Davis & Goadrich's interpolation of precision), or the smaller
/// (`.minoring`) or larger (`.majoring`) height. Every element of `yPred` counts as one
/// prediction (`multi_label=False`); sample weights broadcast over the trailing axes.
///
/// ```swift
/// let auc = AUC()
/// auc.updateState(yTrue: Tensor([0, 0, 1, 1]), yPred: Tensor([0, 0.5, 0.3, 0.9]))
/// auc.result()     // 0.75
/// try model.compile(optimizer: Adam(), loss: .binaryCrossentropy(), metrics: ["auc"])
/// ```
///
/// Mirrors Keras 3's `keras.metrics.AUC` (`num_thresholds=200, curve="ROC",
/// summation_method="interpolation", from_logits=False`).
public final class AUC: Metric, @unchecked Sendable {
    public enum Curve: String, Sendable { case roc = "ROC", pr = "PR" }
    public enum SummationMethod: String, Sendable { case interpolation, minoring, majoring }

    public let numThresholds: Int
    public let curve: Curve
    public let summationMethod: SummationMethod
    public let fromLogits: Bool
    /// The thresholds, ascending, endpoints included.
    public let thresholds: [Double]

    private(set) var truePositives: [Double]
    private(set) var falsePositives: [Double]
    private(set) var trueNegatives: [Double]
    private(set) var falseNegatives: [Double]

    /// Throws when `numThresholds <= 1`. Without a `name` the metric is named as Keras 3 names
    /// metric objects: `auc`, then `auc_1`, `auc_2`, … (reset by `K.clearSession()`).
    public init(numThresholds: Int = 200, curve: Curve = .roc, summationMethod: SummationMethod = .interpolation,
                name: String? = nil, fromLogits: Bool = false) throws {
        guard numThresholds > 1 else {
            throw KerasError(.invalidArgument, "AUC: argument `numThresholds` must be an integer > 1. Received: numThresholds=\(numThresholds)")
        }
        self.numThresholds = numThresholds
        self.curve = curve
        self.summationMethod = summationMethod
        self.fromLogits = fromLogits
        let epsilon = 1e-7
        let inner = (0..<(numThresholds - 2)).map { Double($0 + 1) / Double(numThresholds - 1) }
        thresholds = [-epsilon] + inner + [1 + epsilon]
        truePositives = Array(repeating: 0, count: numThresholds)
        falsePositives = truePositives
        trueNegatives = truePositives
        falseNegatives = truePositives
        super.init(name: name ?? UniqueNames.make("auc"))
    }

    public override func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        let predictions = (fromLogits ? K.sigmoid(yPred) : yPred).doubles
        let labels = Loss.aligned(yTrue, yPred).doubles
        precondition(labels.count == predictions.count,
                     "AUC: targets of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        let weights = sampleWeight?.doubles
        let perSample = predictions.count / max(1, weights?.count ?? predictions.count)
        // Weighted positive and negative mass by bucket: bucket b holds predictions above
        // thresholds 0…b (b = −1: above none).
        var positive = [Double](repeating: 0, count: numThresholds + 1)
        var negative = positive
        for i in predictions.indices {
            let w = weights.map { $0[min($0.count - 1, i / max(perSample, 1))] } ?? 1
            let bucket = thresholdsBelow(predictions[i])
            positive[bucket] += labels[i] * w
            negative[bucket] += (1 - labels[i]) * w
        }
        // Suffix sums: threshold t counts the predictions in buckets above it.
        var abovePositive = 0.0, aboveNegative = 0.0
        let totalPositive = positive.reduce(0, +), totalNegative = negative.reduce(0, +)
        for t in stride(from: numThresholds - 1, through: 0, by: -1) {
            abovePositive += positive[t + 1]
            aboveNegative += negative[t + 1]
            truePositives[t] += abovePositive
            falsePositives[t] += aboveNegative
            falseNegatives[t] += totalPositive - abovePositive
            trueNegatives[t] += totalNegative - aboveNegative
        }
    }

    /// The number of thresholds strictly below `p` (0…numThresholds).
    private func thresholdsBelow(_ p: Double) -> Int {
        var low = 0, high = numThresholds
        while low < high {
            let mid = (low + high) / 2
            if thresholds[mid] < p { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public override func result() -> Double {
        if curve == .pr && summationMethod == .interpolation { return interpolatedPRArea() }
        let n = numThresholds
        let recall = (0..<n).map { divideNoNaN(truePositives[$0], truePositives[$0] + falseNegatives[$0]) }
        let x: [Double], y: [Double]
        if curve == .roc {
            x = (0..<n).map { divideNoNaN(falsePositives[$0], falsePositives[$0] + trueNegatives[$0]) }
            y = recall
        } else {
            x = recall
            y = (0..<n).map { divideNoNaN(truePositives[$0], truePositives[$0] + falsePositives[$0]) }
        }
        var area = 0.0
        for i in 0..<(n - 1) {
            let height: Double
            switch summationMethod {
            case .interpolation: height = (y[i] + y[i + 1]) / 2
            case .minoring: height = min(y[i], y[i + 1])
            case .majoring: height = max(y[i], y[i + 1])
            }
            area += (x[i] - x[i + 1]) * height
        }
        return area
    }

    /// Davis & Goadrich's interpolation: precision varies as `TP/P` with TP and P linear between
    /// successive thresholds, integrated in closed form.
    private func interpolatedPRArea() -> Double {
        var area = 0.0
        for i in 0..<(numThresholds - 1) {
            let dtp = truePositives[i] - truePositives[i + 1]
            let pA = truePositives[i] + falsePositives[i], pB = truePositives[i + 1] + falsePositives[i + 1]
            let slope = divideNoNaN(dtp, max(pA - pB, 0))
            let intercept = truePositives[i + 1] - slope * pB
            let ratio = pA > 0 && pB > 0 ? divideNoNaN(pA, max(pB, 0)) : 1
            area += divideNoNaN(slope * (dtp + intercept * log(ratio)),
                                max(truePositives[i + 1] + falseNegatives[i + 1], 0))
        }
        return area
    }

    private func divideNoNaN(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }

    public override func resetState() {
        for i in 0..<numThresholds {
            truePositives[i] = 0
            falsePositives[i] = 0
            trueNegatives[i] = 0
            falseNegatives[i] = 0
        }
    }

    public override var stateValues: [Double]? {
        get { truePositives + falsePositives + trueNegatives + falseNegatives }
        set {
            guard let v = newValue, v.count == 4 * numThresholds else { return }
            let n = numThresholds
            truePositives = Array(v[0 ..< n])
            falsePositives = Array(v[n ..< 2 * n])
            trueNegatives = Array(v[2 * n ..< 3 * n])
            falseNegatives = Array(v[3 * n ..< 4 * n])
        }
    }

    public override var className: String? { "AUC" }

    public override func getConfig() -> [String: JSONValue] {
        var config = super.getConfig()
        config["num_thresholds"] = .number(Double(numThresholds))
        config["curve"] = .string(curve.rawValue)
        config["summation_method"] = .string(summationMethod.rawValue)
        config["multi_label"] = .bool(false)
        config["num_labels"] = .null
        config["label_weights"] = .null
        config["from_logits"] = .bool(fromLogits)
        return config
    }
}
