/// Schedules in Keras 3's serialized form, and back.
extension LearningRateSchedule {
    /// `{"module": "keras.optimizers.schedules", "class_name": …, "config": …, "registered_name": null}`,
    /// what `keras.optimizers.schedules.serialize` writes (and an optimizer's `learning_rate`
    /// holds in its config).
    static func serialized(_ className: String, _ config: [String: JSONValue]) -> JSONValue {
        .object([
            "module": .string("keras.optimizers.schedules"),
            "class_name": .string(className),
            "config": .object(config),
            "registered_name": .null,
        ])
    }
}

/// Reads schedules from Keras 3 configs.
public enum LearningRateSchedules {
    /// A schedule from `keras.optimizers.schedules.serialize(schedule)` (or the
    /// `learning_rate` entry of an optimizer config): `ExponentialDecay`,
    /// `PiecewiseConstantDecay`, `CosineDecay`, `InverseTimeDecay`, `PolynomialDecay`.
    ///
    /// ```swift
    /// let schedule = try LearningRateSchedules.fromConfig(optimizerConfig["learning_rate"]!)
    /// ```
    public static func fromConfig(_ json: JSONValue) throws -> LearningRateSchedule {
        guard let className = json["class_name"]?.stringValue, let body = json["config"]?.objectValue else {
            throw KerasError(.config, "Learning rate schedule: expected {\"class_name\", \"config\"}, received \(json)")
        }
        let c = ConfigReader(body, context: "learning rate schedule \(className)")
        switch className {
        case "ExponentialDecay":
            return try ExponentialDecay(initialLearningRate: c.required("initial_learning_rate", c.double),
                                        decaySteps: c.required("decay_steps", c.double),
                                        decayRate: c.required("decay_rate", c.double),
                                        staircase: c.bool("staircase") ?? false, name: c.string("name") ?? "ExponentialDecay")
        case "InverseTimeDecay":
            return try InverseTimeDecay(initialLearningRate: c.required("initial_learning_rate", c.double),
                                        decaySteps: c.required("decay_steps", c.double),
                                        decayRate: c.required("decay_rate", c.double),
                                        staircase: c.bool("staircase") ?? false, name: c.string("name") ?? "InverseTimeDecay")
        case "PiecewiseConstantDecay":
            let boundaries = try c.required("boundaries", c.array).map { value -> Double in
                guard let d = value.doubleValue else { throw KerasError(.config, "PiecewiseConstantDecay: `boundaries` must hold numbers, received \(value)") }
                return d
            }
            let values = try c.required("values", c.array).map { value -> Double in
                guard let d = value.doubleValue else { throw KerasError(.config, "PiecewiseConstantDecay: `values` must hold numbers, received \(value)") }
                return d
            }
            return try PiecewiseConstantDecay(boundaries: boundaries, values: values, name: c.string("name") ?? "PiecewiseConstant")
        case "CosineDecay":
            return try CosineDecay(initialLearningRate: c.required("initial_learning_rate", c.double),
                                   decaySteps: c.required("decay_steps", c.double), alpha: c.double("alpha") ?? 0,
                                   name: c.string("name") ?? "CosineDecay", warmupTarget: c.double("warmup_target"),
                                   warmupSteps: c.double("warmup_steps") ?? 0)
        case "PolynomialDecay":
            return try PolynomialDecay(initialLearningRate: c.required("initial_learning_rate", c.double),
                                       decaySteps: c.required("decay_steps", c.double),
                                       endLearningRate: c.double("end_learning_rate") ?? 0.0001, power: c.double("power") ?? 1,
                                       cycle: c.bool("cycle") ?? false, name: c.string("name") ?? "PolynomialDecay")
        default:
            throw KerasError(.config, "Unknown learning rate schedule class '\(className)'. Known: ExponentialDecay, PiecewiseConstantDecay, CosineDecay, InverseTimeDecay, PolynomialDecay")
        }
    }
}

/// Checks shared by the schedules' initialisers.
enum ScheduleCheck {
    static func positiveSteps(_ steps: Double, _ argument: String, _ schedule: String) throws {
        guard steps > 0 else {
            throw KerasError(.invalidArgument, "\(schedule): argument `\(argument)` must be > 0. Received: \(argument)=\(steps)")
        }
    }
}
