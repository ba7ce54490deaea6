/// A loss: per-sample values from targets and predictions, weighted and reduced to a scalar.
///
/// Use a built-in one (a static member or its Keras name), or your own closure:
///
/// ```swift
/// let a: Loss = .categoricalCrossentropy(fromLogits: true)
/// let b = try Loss.named("mse")
/// let c = Loss(name: "custom_loss") { yTrue, yPred in yPred }   // the Lambda seed's trick
/// let value = a(yTrue, yPred)                                     // scalar
/// ```
///
/// Calling a loss computes `values = function(yTrue, yPred)` (one value per sample, the last
/// axis reduced), multiplies by `sampleWeight` when given (squeezed or expanded to the same
/// rank), and reduces as Keras 3 does (``Reduction``).
///
/// Mirrors Keras 3's `keras.losses.Loss`.
public struct Loss: @unchecked Sendable, CustomStringConvertible {
    /// How per-sample values become one number.
    public enum Reduction: String, Sendable {
        /// `sum(values) / count(values)` (Keras's default).
        case sumOverBatchSize = "sum_over_batch_size"
        /// `sum(values)`.
        case sum
        /// `sum(values) / sum(sampleWeight)`.
        case meanWithSampleWeight = "mean_with_sample_weight"
        /// No reduction: the per-sample values.
        case none
    }

    /// The name used in logs and configs (`"categorical_crossentropy"`).
    public let name: String
    /// Keras's class name in configs (`"CategoricalCrossentropy"`), nil for plain functions.
    public let className: String?
    /// Keras config values beyond name and reduction (`from_logits`, …).
    public let config: [String: JSONValue]
    public var reduction: Reduction
    /// The per-sample function.
    public let function: (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor

    /// A loss from a per-sample function. As Keras 3's `LossFunctionWrapper`, the function
    /// receives targets and predictions brought to the same rank first
    /// (``LossReduction/squeezeOrExpandToSameRank(_:_:)``: targets `(n,)` against predictions
    /// `(n, 1)` become `(n, 1)`), and floating-point predictions get targets of their dtype.
    ///
    /// ```swift
    /// let loss = Loss(name: "c") { t, p in K.mean(K.square(t - p), axis: -1) }
    /// loss(Tensor([1, 2, 3, 5]), Tensor([[1], [2], [3], [4]]))   // 0.25, not the (4, 4) broadcast
    /// ```
    public init(name: String, className: String? = nil, config: [String: JSONValue] = [:],
                reduction: Reduction = .sumOverBatchSize,
                _ function: @escaping (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor) {
        self.name = name
        self.className = className
        self.config = config
        self.reduction = reduction
        self.function = { yTrue, yPred in
            var (t, p) = LossReduction.squeezeOrExpandToSameRank(yTrue, yPred)
            if p.dtype.isFloatingPoint && t.dtype != p.dtype { t = K.cast(t, p.dtype) }
            return function(t, p)
        }
    }

    /// The reduced loss (a scalar, or the weighted per-sample values for `.none`).
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) -> Tensor {
        var values = function(yTrue, yPred)
        var weight = sampleWeight
        if let w = sampleWeight {
            let aligned = LossReduction.alignRank(w, to: values)
            values = K.multiply(values, aligned)
            weight = aligned
        }
        return LossReduction.reduce(values, reduction, sampleWeight: weight)
    }

    public var description: String { name }
}

/// Keras 3's reduction helpers, shared by losses and metrics.
public enum LossReduction {
    /// Squeezes a trailing size-1 axis or expands a trailing axis so `x` has `reference`'s rank
    /// when they differ by one (Keras's `squeeze_or_expand_to_same_rank`), then broadcasts.
    public static func alignRank(_ x: Tensor, to reference: Tensor) -> Tensor {
        var x = x
        if x.rank == reference.rank + 1, x.shape.last == 1 { x = K.squeeze(x, axis: -1) }
        while x.rank < reference.rank { x = K.expandDims(x, axis: -1) }
        return x.dtype == reference.dtype ? x : K.cast(x, reference.dtype)
    }

    /// Targets and predictions brought to the same rank when their ranks differ by one and the
    /// longer one ends in an axis of 1: a rank-1 partner is expanded (`(n,)` with `(n, 1)` gives
    /// two `(n, 1)`), otherwise the trailing 1 is squeezed. Other shapes are left alone.
    ///
    /// ```swift
    /// let (t, p) = LossReduction.squeezeOrExpandToSameRank(Tensor([1, 2]), Tensor([[1], [2]]))
    /// // t.shape == [2, 1], p.shape == [2, 1]
    /// ```
    ///
    /// Mirrors Keras 3's `squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True)`.
    public static func squeezeOrExpandToSameRank(_ x1: Tensor, _ x2: Tensor) -> (Tensor, Tensor) {
        var (x1, x2) = (x1, x2)
        if x1.rank == x2.rank + 1, x1.shape.last == 1 {
            if x2.rank == 1 { x2 = K.expandDims(x2, axis: -1) } else { x1 = K.squeeze(x1, axis: -1) }
        } else if x2.rank == x1.rank + 1, x2.shape.last == 1 {
            if x1.rank == 1 { x1 = K.expandDims(x1, axis: -1) } else { x2 = K.squeeze(x2, axis: -1) }
        }
        return (x1, x2)
    }

    /// Reduces weighted values.
    public static func reduce(_ values: Tensor, _ reduction: Loss.Reduction, sampleWeight: Tensor?) -> Tensor {
        switch reduction {
        case .none: return values
        case .sum: return K.sum(values)
        case .sumOverBatchSize:
            return values.count == 0 ? Tensor(scalar: 0, dtype: values.dtype) : K.sum(values) / Double(values.count)
        case .meanWithSampleWeight:
            guard let w = sampleWeight else { return K.mean(values) }
            let total = K.sum(K.multiply(K.onesLike(values), w))
            return K.divide(K.sum(values), K.maximum(total, Tensor(scalar: 1e-12, dtype: total.dtype)))
        }
    }
}
