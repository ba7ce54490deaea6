/// A stateful metric: accumulates over batches (``updateState(yTrue:yPred:sampleWeight:)``) and
/// reports a running value (``result()``) until ``resetState()``, as Keras 3 metrics do over an
/// epoch.
///
/// Subclass it for your own streaming metric, or wrap a per-sample function with
/// ``MeanMetricWrapper``:
///
/// ```swift
/// let accuracy = MeanMetricWrapper(name: "my_acc") { yTrue, yPred in
///     K.cast(K.equal(K.argmax(yTrue), K.argmax(yPred)), .float32)
/// }
/// accuracy.updateState(yTrue: y, yPred: p)
/// accuracy.result()     // running mean
/// ```
///
/// Mirrors Keras 3's `keras.metrics.Metric`.
open class Metric: @unchecked Sendable, CustomStringConvertible {
    /// The name in logs and history (`"accuracy"`, `"val_accuracy"` for validation).
    public var name: String

    public init(name: String) { self.name = name }

    /// Adds a batch.
    open func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        preconditionFailure("\(type(of: self)) must override updateState(yTrue:yPred:sampleWeight:)")
    }

    /// The current value.
    open func result() -> Double {
        preconditionFailure("\(type(of: self)) must override result()")
    }

    /// Forgets every batch.
    open func resetState() {}

    /// Keras config of the metric.
    open func getConfig() -> [String: JSONValue] { ["name": .string(name)] }

    public var description: String { "<\(type(of: self)) name=\(name) result=\(result())>" }
}

/// A running weighted mean: `Σ value·w / Σ w` (Keras's `keras.metrics.Mean`).
open class Mean: Metric, @unchecked Sendable {
    private(set) var total = 0.0
    private(set) var count = 0.0

    public override init(name: String = "mean") { super.init(name: name) }

    /// Adds values (any shape) with optional weights broadcastable to them.
    public func update(_ values: Tensor, sampleWeight: Tensor? = nil) {
        let v = values.dtype == .float64 ? values : K.cast(values, .float64)
        if let w = sampleWeight {
            let weight = K.cast(LossReduction.alignRank(w, to: v), .float64)
            let broadcast = K.multiply(K.onesLike(v), weight)
            total += K.sum(K.multiply(v, broadcast)).item
            count += K.sum(broadcast).item
        } else {
            total += K.sum(v).item
            count += Double(v.count)
        }
    }

    open override func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        update(yPred, sampleWeight: sampleWeight)
    }

    open override func result() -> Double { count == 0 ? 0 : total / count }

    open override func resetState() { total = 0; count = 0 }
}

/// The running mean of a per-sample function of targets and predictions (Keras's
/// `MeanMetricWrapper`): how `"accuracy"`, `"mae"` and any loss become metrics.
open class MeanMetricWrapper: Mean, @unchecked Sendable {
    public let function: (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor

    public init(name: String, _ function: @escaping (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor) {
        self.function = function
        super.init(name: name)
    }

    open override func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        update(function(yTrue, yPred), sampleWeight: sampleWeight)
    }
}
