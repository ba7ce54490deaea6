/// Optimizers by Keras name and from Keras 3 configs.
extension Optimizer {
    /// An optimizer with default settings by Keras name, case-insensitively: `"sgd"`,
    /// `"rmsprop"`, `"adam"`, `"adamw"`, `"adagrad"`, `"adadelta"`, `"adamax"`, `"nadam"`.
    public static func named(_ name: String) throws -> Optimizer {
        switch name.lowercased() {
        case "sgd": return SGD()
        case "rmsprop": return RMSprop()
        case "adam": return Adam()
        case "adamw": return AdamW()
        case "adagrad": return Adagrad()
        case "adadelta": return Adadelta()
        case "adamax": return Adamax()
        case "nadam": return Nadam()
        default:
            throw KerasError(.invalidArgument, "Unknown optimizer: '\(name)'. Known optimizers: sgd, rmsprop, adam, adamw, adagrad, adadelta, adamax, nadam")
        }
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
        let c = ConfigReader(json["config"]?.objectValue ?? [:], context: "optimizer \(className)")
        let lr: LearningRate?
        if let rate = c.values["learning_rate"], rate.objectValue != nil {
            lr = .schedule(try LearningRateSchedules.fromConfig(rate))
        } else {
            lr = try c.double("learning_rate").map { .constant($0) }
        }
        let wd = try c.double("weight_decay"), cn = try c.double("clipnorm")
        let cv = try c.double("clipvalue"), gcn = try c.double("global_clipnorm")
        let name = try c.string("name")
        switch className.lowercased() {
        case "sgd":
            return SGD(learningRate: lr ?? 0.01, momentum: try c.double("momentum") ?? 0, nesterov: try c.bool("nesterov") ?? false,
                       weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "SGD")
        case "rmsprop":
            return RMSprop(learningRate: lr ?? 0.001, rho: try c.double("rho") ?? 0.9, momentum: try c.double("momentum") ?? 0,
                           epsilon: try c.double("epsilon") ?? 1e-7, centered: try c.bool("centered") ?? false,
                           weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "rmsprop")
        case "adam":
            return Adam(learningRate: lr ?? 0.001, beta1: try c.double("beta_1") ?? 0.9, beta2: try c.double("beta_2") ?? 0.999,
                        epsilon: try c.double("epsilon") ?? 1e-7, amsgrad: try c.bool("amsgrad") ?? false,
                        weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "adam")
        case "adamw":
            return AdamW(learningRate: lr ?? 0.001, weightDecay: wd ?? 0.004, beta1: try c.double("beta_1") ?? 0.9,
                         beta2: try c.double("beta_2") ?? 0.999, epsilon: try c.double("epsilon") ?? 1e-7,
                         amsgrad: try c.bool("amsgrad") ?? false, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn,
                         name: name ?? "adamw")
        case "adagrad":
            return Adagrad(learningRate: lr ?? 0.001, initialAccumulatorValue: try c.double("initial_accumulator_value") ?? 0.1,
                           epsilon: try c.double("epsilon") ?? 1e-7, weightDecay: wd, clipnorm: cn, clipvalue: cv,
                           globalClipnorm: gcn, name: name ?? "adagrad")
        case "adadelta":
            return Adadelta(learningRate: lr ?? 0.001, rho: try c.double("rho") ?? 0.95, epsilon: try c.double("epsilon") ?? 1e-7,
                            weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "adadelta")
        case "adamax":
            return Adamax(learningRate: lr ?? 0.001, beta1: try c.double("beta_1") ?? 0.9, beta2: try c.double("beta_2") ?? 0.999,
                          epsilon: try c.double("epsilon") ?? 1e-7, weightDecay: wd, clipnorm: cn, clipvalue: cv,
                          globalClipnorm: gcn, name: name ?? "adamax")
        case "nadam":
            return Nadam(learningRate: lr ?? 0.001, beta1: try c.double("beta_1") ?? 0.9, beta2: try c.double("beta_2") ?? 0.999,
                         epsilon: try c.double("epsilon") ?? 1e-7, weightDecay: wd, clipnorm: cn, clipvalue: cv,
                         globalClipnorm: gcn, name: name ?? "nadam")
        default:
            throw KerasError(.invalidArgument, "Unknown optimizer class '\(className)'. Known: SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam")
        }
    }
}
