/// Optimizers by Keras name and from Keras 3 configs.
extension Optimizer {
    /// An optimizer with default settings by Keras name, case-insensitively: `"sgd"`,
    /// `"rmsprop"`, `"adam"`, `"adamw"`, `"adagrad"`, `"adadelta"`, `"adamax"`, `"nadam"`. An
    /// unknown name throws a ``KerasError`` with the closest known names.
    ///
    /// ```swift
    /// let optimizer = try Optimizer.named("rmsprop")
    /// ```
    ///
    /// Mirrors Keras's `keras.optimizers.get(name)`.
    public static func named(_ name: String) throws -> Optimizer {
        try catalog.lookup(name)(ConfigReader([:], context: "optimizer \(name)"))
    }

    /// Every optimizer class name ``named(_:)`` and ``fromConfig(_:)`` accept (case-insensitively).
    public static var knownNames: [String] { catalog.names }

    /// Registers a custom optimizer class, built from a Keras config, so that `compile` and
    /// ``fromConfig(_:)`` find it by name.
    public static func register(_ className: String, _ build: @escaping @Sendable (ConfigReader) throws -> Optimizer) {
        catalog.register(className, build)
    }

    /// An optimizer from `keras.optimizers.serialize(optimizer)`:
    /// `{"class_name": "Adam", "config": {"learning_rate": 0.001, …}}`, or a name. A
    /// `learning_rate` that is a serialized schedule (`{"class_name": "ExponentialDecay", …}`)
    /// becomes that schedule.
    public static func fromConfig(_ json: JSONValue) throws -> Optimizer {
        if let name = json.stringValue { return try named(name) }
        guard let className = json["class_name"]?.stringValue else {
            throw KerasError(.invalidArgument, "Optimizer config: expected a name or {\"class_name\", \"config\"}, received \(json)")
        }
        let build = try catalog.lookup(className)
        return try build(ConfigReader(json["config"]?.objectValue ?? [:], context: "optimizer \(className)"))
    }

    /// The built-in optimizers by class name, each reading Keras's config keys with Keras's
    /// defaults.
    static let catalog = Registry<@Sendable (ConfigReader) throws -> Optimizer>(
        kind: "optimizer", plural: "optimizers",
        builtins: [
            "SGD": { c in
                let o = try OptimizerOptions(c)
                return SGD(learningRate: o.lr ?? 0.01, momentum: try c.double("momentum") ?? 0, nesterov: try c.bool("nesterov") ?? false,
                           weightDecay: o.wd, clipnorm: o.cn, clipvalue: o.cv, globalClipnorm: o.gcn, name: o.name ?? "SGD")
            },
            "RMSprop": { c in
                let o = try OptimizerOptions(c)
                return RMSprop(learningRate: o.lr ?? 0.001, rho: try c.double("rho") ?? 0.9, momentum: try c.double("momentum") ?? 0,
                               epsilon: try c.double("epsilon") ?? 1e-7, centered: try c.bool("centered") ?? false,
                               weightDecay: o.wd, clipnorm: o.cn, clipvalue: o.cv, globalClipnorm: o.gcn, name: o.name ?? "rmsprop")
            },
            "Adam": { c in
                let o = try OptimizerOptions(c)
                return Adam(learningRate: o.lr ?? 0.001, beta1: try c.double("beta_1") ?? 0.9, beta2: try c.double("beta_2") ?? 0.999,
                            epsilon: try c.double("epsilon") ?? 1e-7, amsgrad: try c.bool("amsgrad") ?? false,
                            weightDecay: o.wd, clipnorm: o.cn, clipvalue: o.cv, globalClipnorm: o.gcn, name: o.name ?? "adam")
            },
            "AdamW": { c in
                let o = try OptimizerOptions(c)
                return AdamW(learningRate: o.lr ?? 0.001, weightDecay: o.wd ?? 0.004, beta1: try c.double("beta_1") ?? 0.9,
                             beta2: try c.double("beta_2") ?? 0.999, epsilon: try c.double("epsilon") ?? 1e-7,
                             amsgrad: try c.bool("amsgrad") ?? false, clipnorm: o.cn, clipvalue: o.cv, globalClipnorm: o.gcn,
                             name: o.name ?? "adamw")
            },
            "Adagrad": { c in
                let o = try OptimizerOptions(c)
                return Adagrad(learningRate: o.lr ?? 0.001, initialAccumulatorValue: try c.double("initial_accumulator_value") ?? 0.1,
                               epsilon: try c.double("epsilon") ?? 1e-7, weightDecay: o.wd, clipnorm: o.cn, clipvalue: o.cv,
                               globalClipnorm: o.gcn, name: o.name ?? "adagrad")
            },
            "Adadelta": { c in
                let o = try OptimizerOptions(c)
                return Adadelta(learningRate: o.lr ?? 0.001, rho: try c.double("rho") ?? 0.95, epsilon: try c.double("epsilon") ?? 1e-7,
                                weightDecay: o.wd, clipnorm: o.cn, clipvalue: o.cv, globalClipnorm: o.gcn, name: o.name ?? "adadelta")
            },
            "Adamax": { c in
                let o = try OptimizerOptions(c)
                return Adamax(learningRate: o.lr ?? 0.001, beta1: try c.double("beta_1") ?? 0.9, beta2: try c.double("beta_2") ?? 0.999,
                              epsilon: try c.double("epsilon") ?? 1e-7, weightDecay: o.wd, clipnorm: o.cn, clipvalue: o.cv,
                              globalClipnorm: o.gcn, name: o.name ?? "adamax")
            },
            "Nadam": { c in
                let o = try OptimizerOptions(c)
                return Nadam(learningRate: o.lr ?? 0.001, beta1: try c.double("beta_1") ?? 0.9, beta2: try c.double("beta_2") ?? 0.999,
                             epsilon: try c.double("epsilon") ?? 1e-7, weightDecay: o.wd, clipnorm: o.cn, clipvalue: o.cv,
                             globalClipnorm: o.gcn, name: o.name ?? "nadam")
            },
        ],
        caseInsensitive: true)
}

/// The config keys every Keras 3 optimizer shares.
private struct OptimizerOptions {
    let lr: LearningRate?
    let wd, cn, cv, gcn: Double?
    let name: String?

    init(_ c: ConfigReader) throws {
        if let rate = c.values["learning_rate"], rate.objectValue != nil {
            lr = .schedule(try LearningRateSchedules.fromConfig(rate))
        } else {
            lr = try c.double("learning_rate").map { .constant($0) }
        }
        wd = try c.double("weight_decay")
        cn = try c.double("clipnorm")
        cv = try c.double("clipvalue")
        gcn = try c.double("global_clipnorm")
        name = try c.string("name")
    }
}
