/// `initialLearningRate / (1 + decayRate · step / decaySteps)`, with `⌊step / decaySteps⌋`
/// when `staircase`. Computed in float32.
///
/// ```swift
/// let schedule = try InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5)
/// schedule(step: 2)         // 0.1 / (1 + 0.5·2) = 0.05
/// ```
///
/// Mirrors Keras 3's `keras.optimizers.schedules.InverseTimeDecay`.
public struct InverseTimeDecay: LearningRateSchedule {
    public let initialLearningRate: Double, decaySteps: Double, decayRate: Double
    public let staircase: Bool
    public let name: String

    /// Throws when `decaySteps <= 0`.
    public init(initialLearningRate: Double, decaySteps: Double, decayRate: Double, staircase: Bool = false,
                name: String = "InverseTimeDecay") throws {
        try ScheduleCheck.positiveSteps(decaySteps, "decay_steps", "InverseTimeDecay")
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
        self.name = name
    }

    public func callAsFunction(step: Int) -> Double {
        var p = Float(step) / Float(decaySteps)
        if staircase { p = p.rounded(.down) }
        return Double(Float(initialLearningRate) / (1 + Float(decayRate) * p))
    }

    public var keras3Config: JSONValue {
        Self.serialized("InverseTimeDecay", [
            "initial_learning_rate": .number(initialLearningRate), "decay_steps": .number(decaySteps),
            "decay_rate": .number(decayRate), "staircase": .bool(staircase), "name": .string(name),
        ])
    }
}
