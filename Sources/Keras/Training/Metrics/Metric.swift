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

    /// The running sums behind ``result()`` (Keras's metric `variables`), which add up across
    /// processes: ``DataParallel`` sums them over the ranks to report a global value. `nil` (the
    /// default) for a metric that does not expose them; setting replaces the state.
    open var stateValues: [Double]? {
        get { nil }
        set {}
    }

    /// Keras config of the metric.
    open func getConfig() -> [String: JSONValue] { ["name": .string(name)] }

    /// Keras's class name of the metric (`"AUC"`, `"BinaryAccuracy"`), or nil for a metric
    /// Keras has no class for (a closure). With a class name a `.keras` archive's
    /// `compile_config` holds the metric as its Keras config, as Keras 3 writes metric objects.
    open var className: String? { nil }

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

    open override var stateValues: [Double]? {
        get { [total, count] }
        set { if let v = newValue, v.count == 2 { (total, count) = (v[0], v[1]) } }
    }
}

/// The running mean of a per-sample function of targets and predictions (Keras's
/// `MeanMetricWrapper`): how `"accuracy"`, `"mae"` and any loss become metrics.
open class MeanMetricWrapper: Mean, @unchecked Sendable {
    public let function: (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor
    /// The Keras class and its arguments, for the built-in wrappers (`BinaryAccuracy`, …).
    private let kerasClass: (name: String, arguments: [String: JSONValue])?

    public init(name: String, _ function: @escaping (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor) {
        self.function = function
        kerasClass = nil
        super.init(name: name)
    }

    /// A built-in wrapper that is Keras's class `className` with `arguments` in its config.
    init(name: String, className: String, arguments: [String: JSONValue] = [:],
         _ function: @escaping (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor) {
        self.function = function
        kerasClass = (className, arguments)
        super.init(name: name)
    }

    open override var className: String? { kerasClass?.name }

    open override func getConfig() -> [String: JSONValue] {
        super.getConfig().merging(kerasClass?.arguments ?? [:]) { _, new in new }
    }

    /// Adds the batch's per-sample values; targets and predictions are brought to the same rank
    /// first, as Keras 3's `MeanMetricWrapper` does.
    open override func updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil) {
        let (t, p) = LossReduction.squeezeOrExpandToSameRank(yTrue, yPred)
        update(function(t, p), sampleWeight: sampleWeight)
    }
}
