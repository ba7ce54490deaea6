import Foundation

/// `initialLearningRate · decayRate^(step / decaySteps)`, with `⌊step / decaySteps⌋` when
/// `staircase`. Computed in float32, as Keras does.
///
/// ```swift
/// let schedule = try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96, staircase: true)
/// let optimizer = SGD(learningRate: .schedule(schedule))
/// schedule(step: 2500)      // 0.1 · 0.96² = 0.09216
/// ```
///
/// Mirrors Keras 3's `keras.optimizers.schedules.ExponentialDecay`.
public struct ExponentialDecay: LearningRateSchedule {
    public let initialLearningRate: Double, decaySteps: Double, decayRate: Double
    public let staircase: Bool
    public let name: String

    /// Throws when `decaySteps <= 0`.
    public init(initialLearningRate: Double, decaySteps: Double, decayRate: Double, staircase: Bool = false,
                name: String = "ExponentialDecay") throws {
        try ScheduleCheck.positiveSteps(decaySteps, "decay_steps", "ExponentialDecay")
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
        self.name = name
    }

    public func callAsFunction(step: Int) -> Double {
        var p = Float(step) / Float(decaySteps)
        if staircase { p = p.rounded(.down) }
        return Double(Float(initialLearningRate) * powf(Float(decayRate), p))
    }

    public var keras3Config: JSONValue {
        Self.serialized("ExponentialDecay", [
            "initial_learning_rate": .number(initialLearningRate), "decay_steps": .number(decaySteps),
            "decay_rate": .number(decayRate), "staircase": .bool(staircase), "name": .string(name),
        ])
    }
}
