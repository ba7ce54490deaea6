/// Losses by Keras name.
extension Loss: ExpressibleByStringLiteral {
    /// A built-in loss by its Keras name; an unknown name traps (use ``named(_:)`` for names
    /// read from outside).
    public init(stringLiteral name: String) {
        do { self = try Loss.named(name) }
        catch { preconditionFailure("\(error)") }
    }

    /// A built-in loss by function name, alias or class name: `"mse"`, `"mean_squared_error"`,
    /// `"MeanSquaredError"`, `"categorical_crossentropy"`, … An unknown name throws a
    /// ``KerasError`` with the closest known names.
    ///
    /// ```swift
    /// let loss = try Loss.named("mse")
    /// try Loss.named("mean_squared_eror")   // "… Did you mean 'mean_squared_error'? …"
    /// ```
    ///
    /// Mirrors Keras's `keras.losses.get(name)`.
    public static func named(_ name: String) throws -> Loss {
        try catalog.lookup(name)()
    }

    /// Every name ``named(_:)`` accepts, sorted.
    public static var knownNames: [String] { catalog.names }

    /// The built-in losses by function name, with Keras's aliases and class names.
    static let catalog = Registry<@Sendable () -> Loss>(
        kind: "loss", plural: "losses",
        builtins: [
            "mean_squared_error": { .meanSquaredError },
            "mean_absolute_error": { .meanAbsoluteError },
            "mean_absolute_percentage_error": { .meanAbsolutePercentageError },
            "mean_squared_logarithmic_error": { .meanSquaredLogarithmicError },
            "huber": { .huber() },
            "log_cosh": { .logCosh },
            "cosine_similarity": { .cosineSimilarity() },
            "poisson": { .poisson },
            "kl_divergence": { .klDivergence },
            "categorical_crossentropy": { .categoricalCrossentropy() },
            "sparse_categorical_crossentropy": { .sparseCategoricalCrossentropy() },
            "binary_crossentropy": { .binaryCrossentropy() },
            "hinge": { .hinge },
            "squared_hinge": { .squaredHinge },
            "categorical_hinge": { .categoricalHinge },
        ],
        aliases: [
            "mse": "mean_squared_error", "MSE": "mean_squared_error", "MeanSquaredError": "mean_squared_error",
            "mae": "mean_absolute_error", "MAE": "mean_absolute_error", "MeanAbsoluteError": "mean_absolute_error",
            "mape": "mean_absolute_percentage_error", "MAPE": "mean_absolute_percentage_error",
            "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
            "msle": "mean_squared_logarithmic_error", "MSLE": "mean_squared_logarithmic_error",
            "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
            "huber_loss": "huber", "Huber": "huber",
            "logcosh": "log_cosh", "LogCosh": "log_cosh",
            "CosineSimilarity": "cosine_similarity", "Poisson": "poisson",
            "kullback_leibler_divergence": "kl_divergence", "kld": "kl_divergence", "KLD": "kl_divergence",
            "KLDivergence": "kl_divergence",
            "CategoricalCrossentropy": "categorical_crossentropy",
            "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
            "BinaryCrossentropy": "binary_crossentropy",
            "Hinge": "hinge", "SquaredHinge": "squared_hinge", "CategoricalHinge": "categorical_hinge",
        ])

    /// A loss from a serialized value: a name, or `{"class_name", "config"}` with its options.
    public static func fromConfig(_ json: JSONValue) throws -> Loss {
        if let name = json.stringValue { return try named(name) }
        guard let className = json["class_name"]?.stringValue else {
            throw KerasError(.invalidArgument, "Loss config: expected a name or {\"class_name\", \"config\"}, received \(json)")
        }
        let config = ConfigReader(json["config"]?.objectValue ?? [:], context: "loss \(className)")
        var loss: Loss
        switch className {
        case "CategoricalCrossentropy":
            loss = .categoricalCrossentropy(fromLogits: try config.bool("from_logits") ?? false,
                                            labelSmoothing: try config.double("label_smoothing") ?? 0, axis: try config.int("axis") ?? -1)
        case "SparseCategoricalCrossentropy":
            loss = .sparseCategoricalCrossentropy(fromLogits: try config.bool("from_logits") ?? false, axis: try config.int("axis") ?? -1)
        case "BinaryCrossentropy":
            loss = .binaryCrossentropy(fromLogits: try config.bool("from_logits") ?? false,
                                       labelSmoothing: try config.double("label_smoothing") ?? 0, axis: try config.int("axis") ?? -1)
        case "Huber": loss = .huber(delta: try config.double("delta") ?? 1)
        case "CosineSimilarity": loss = .cosineSimilarity(axis: try config.int("axis") ?? -1)
        default: loss = try named(className)
        }
        if let reduction = try config.string("reduction") {
            guard let r = Reduction(rawValue: reduction) else {
                let close = NameSuggestions.closest(to: reduction, in: ["sum_over_batch_size", "sum", "mean_with_sample_weight", "none"])
                throw KerasError(.invalidArgument, "\(config.context): unknown reduction '\(reduction)'"
                                 + (close.isEmpty ? "" : ". Did you mean '\(close[0])'?"))
            }
            loss.reduction = r
        }
        return loss
    }
}
