/// `compile`: configure the model for training.
extension Model {
    /// Configures training with one loss for every output.
    ///
    /// ```swift
    /// try model.compile(optimizer: RMSprop(), loss: .categoricalCrossentropy(), metrics: ["accuracy"])
    /// ```
    ///
    /// - Parameters:
    ///   - optimizer: the optimizer (``optimizer(named:)`` gives one by Keras name).
    ///   - loss: applied to every output, as Keras does with a single loss.
    ///   - lossWeights: one weight per output (default 1 each); the total loss is
    ///     `Σ weight_i · loss_i + Σ model.losses`.
    ///   - metrics: applied to every output of a single-output model; for several outputs use
    ///     the dictionary form.
    public func compile(optimizer: Optimizer, loss: Loss, lossWeights: [Double]? = nil, metrics: [MetricSpec] = []) throws {
        let names = try compilableOutputNames()
        if names.count > 1 && !metrics.isEmpty {
            throw KerasError(.invalidArgument, "compile: `metrics` for a model with \(names.count) outputs must be a dictionary by output name (\(names))")
        }
        try install(optimizer: optimizer, names: names, losses: names.map { _ in loss },
                    weights: lossWeights, metrics: names.map { _ in metrics })
    }

    /// Configures training with one loss per output, in `model.outputs` order.
    public func compile(optimizer: Optimizer, loss: [Loss], lossWeights: [Double]? = nil,
                        metrics: [[MetricSpec]]? = nil) throws {
        let names = try compilableOutputNames()
        guard loss.count == names.count else {
            throw KerasError(.invalidArgument, "compile: when passing a list as loss, it should have one entry per model output. The model has \(names.count) outputs (\(names)), but you passed loss=\(loss.map(\.name))")
        }
        try install(optimizer: optimizer, names: names, losses: loss, weights: lossWeights,
                    metrics: metrics ?? names.map { _ in [] })
    }

    /// Configures training with losses, loss weights and metrics by output name. Outputs
    /// without a loss get none (and need no targets); unknown names throw.
    public func compile(optimizer: Optimizer, loss: [String: Loss], lossWeights: [String: Double]? = nil,
                        metrics: [String: [MetricSpec]] = [:]) throws {
        let names = try compilableOutputNames()
        for key in Array(loss.keys) + Array((lossWeights ?? [:]).keys) + Array(metrics.keys) where !names.contains(key) {
            throw KerasError(.invalidArgument, "compile: unknown output name \"\(key)\"; the model's outputs are \(names)")
        }
        try install(optimizer: optimizer, names: names, losses: names.map { loss[$0] },
                    weights: names.map { lossWeights?[$0] ?? 1 }, metrics: names.map { metrics[$0] ?? [] })
    }

    /// Configures training with an optimizer given by Keras name (`"rmsprop"`, `"adam"`, …).
    public func compile(optimizer: String, loss: Loss, lossWeights: [Double]? = nil, metrics: [MetricSpec] = []) throws {
        try compile(optimizer: Optimizer.named(optimizer), loss: loss, lossWeights: lossWeights, metrics: metrics)
    }

    /// Configures training with the optimizer and the loss given by Keras name. A misspelt
    /// name throws a ``KerasError`` with the closest known names.
    ///
    /// ```swift
    /// try model.compile(optimizer: "adam", loss: "mean_squared_error", metrics: ["mae"])
    /// try model.compile(optimizer: "adam", loss: "mean_squared_eror")
    /// // KerasError: Unknown loss: 'mean_squared_eror'. Did you mean 'mean_squared_error'? …
    /// ```
    public func compile(optimizer: String, loss: String, lossWeights: [Double]? = nil, metrics: [MetricSpec] = []) throws {
        try compile(optimizer: Optimizer.named(optimizer), loss: Loss.named(loss), lossWeights: lossWeights, metrics: metrics)
    }

    /// Configures training with a loss given by Keras name (`"mse"`, …); unknown names throw.
    public func compile(optimizer: Optimizer, loss: String, lossWeights: [Double]? = nil, metrics: [MetricSpec] = []) throws {
        try compile(optimizer: optimizer, loss: Loss.named(loss), lossWeights: lossWeights, metrics: metrics)
    }

    /// One loss per output in `model.outputs` order, with the optimizer by Keras name.
    public func compile(optimizer: String, loss: [Loss], lossWeights: [Double]? = nil,
                        metrics: [[MetricSpec]]? = nil) throws {
        try compile(optimizer: Optimizer.named(optimizer), loss: loss, lossWeights: lossWeights, metrics: metrics)
    }

    /// One loss per output by Keras name, in `model.outputs` order; unknown names throw.
    public func compile(optimizer: Optimizer, loss: [String], lossWeights: [Double]? = nil,
                        metrics: [[MetricSpec]]? = nil) throws {
        try compile(optimizer: optimizer, loss: loss.map(Loss.named), lossWeights: lossWeights, metrics: metrics)
    }

    /// One loss per output by Keras name, with the optimizer by Keras name.
    public func compile(optimizer: String, loss: [String], lossWeights: [Double]? = nil,
                        metrics: [[MetricSpec]]? = nil) throws {
        try compile(optimizer: Optimizer.named(optimizer), loss: loss.map(Loss.named), lossWeights: lossWeights,
                    metrics: metrics)
    }

    /// Losses, loss weights and metrics by output name, with the optimizer by Keras name.
    ///
    /// ```swift
    /// try model.compile(optimizer: "rmsprop", loss: ["a": .binaryCrossentropy(), "b": .meanSquaredError],
    ///                   metrics: ["a": [.metric(try AUC())], "b": ["mae"]])
    /// ```
    public func compile(optimizer: String, loss: [String: Loss], lossWeights: [String: Double]? = nil,
                        metrics: [String: [MetricSpec]] = [:]) throws {
        try compile(optimizer: Optimizer.named(optimizer), loss: loss, lossWeights: lossWeights, metrics: metrics)
    }

    /// Losses by output name and Keras loss name; unknown names throw.
    public func compile(optimizer: Optimizer, loss: [String: String], lossWeights: [String: Double]? = nil,
                        metrics: [String: [MetricSpec]] = [:]) throws {
        try compile(optimizer: optimizer, loss: loss.mapValues(Loss.named), lossWeights: lossWeights, metrics: metrics)
    }

    /// Losses by output name and Keras loss name, with the optimizer by Keras name.
    public func compile(optimizer: String, loss: [String: String], lossWeights: [String: Double]? = nil,
                        metrics: [String: [MetricSpec]] = [:]) throws {
        try compile(optimizer: Optimizer.named(optimizer), loss: loss.mapValues(Loss.named), lossWeights: lossWeights,
                    metrics: metrics)
    }

    private func compilableOutputNames() throws -> [String] {
        let names = outputNames
        guard !names.isEmpty else {
            throw KerasError(.invalidArgument, "compile: model \"\(name)\" has no outputs yet (build it first, e.g. give its first layer an input shape)")
        }
        return names
    }

    private func install(optimizer: Optimizer, names: [String], losses: [Loss?], weights: [Double]?,
                         metrics: [[MetricSpec]]) throws {
        let weights = weights ?? names.map { _ in 1 }
        guard weights.count == names.count else {
            throw KerasError(.invalidArgument, "compile: `lossWeights` has \(weights.count) entries, but the model has \(names.count) outputs (\(names))")
        }
        guard metrics.count == names.count else {
            throw KerasError(.invalidArgument, "compile: `metrics` has \(metrics.count) entries, but the model has \(names.count) outputs (\(names))")
        }
        for case .named(let metricName) in metrics.joined() where !Metric.isKnownName(metricName) {
            throw KerasError(.invalidArgument, "compile: `metrics`: \(Metric.catalog.unknownName(metricName, alsoKnown: Loss.knownNames).message)")
        }
        compiled = CompiledModel(optimizer: optimizer, outputNames: names, losses: losses,
                                 lossWeights: weights, metrics: metrics)
    }

    /// The optimizer set by `compile`.
    public var optimizer: Optimizer? { compiled?.optimizer }
}
