import Foundation

/// `(initial − end)·(1 − s/decaySteps)^power + end` with `s = min(step, decaySteps)`; with
/// `cycle`, `decaySteps` is first multiplied by `⌈step/decaySteps⌉` (1 at step 0). Computed in
/// float32.
///
/// ```swift
/// let schedule = try PolynomialDecay(initialLearningRate: 0.1, decaySteps: 10_000, endLearningRate: 0.01, power: 0.5)
/// ```
///
/// Mirrors Keras 3's `keras.optimizers.schedules.PolynomialDecay`.
public struct PolynomialDecay: LearningRateSchedule {
    public let initialLearningRate: Double, decaySteps: Double, endLearningRate: Double, power: Double
    public let cycle: Bool
    public let name: String

    /// Throws when `decaySteps <= 0`.
    public init(initialLearningRate: Double, decaySteps: Double, endLearningRate: Double = 0.0001, power: Double = 1,
                cycle: Bool = false, name: String = "PolynomialDecay") throws {
        try ScheduleCheck.positiveSteps(decaySteps, "decay_steps", "PolynomialDecay")
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.endLearningRate = endLearningRate
        self.power = power
        self.cycle = cycle
        self.name = name
    }

    public func callAsFunction(step: Int) -> Double {
        let initial = Float(initialLearningRate), end = Float(endLearningRate)
        var s = Float(step), steps = Float(decaySteps)
        if cycle {
            steps *= s == 0 ? 1 : (s / Float(decaySteps)).rounded(.up)
        } else {
            s = min(s, steps)
        }
        return Double((initial - end) * powf(1 - s / steps, Float(power)) + end)
    }

    public var keras3Config: JSONValue {
        Self.serialized("PolynomialDecay", [
            "initial_learning_rate": .number(initialLearningRate), "decay_steps": .number(decaySteps),
            "end_learning_rate": .number(endLearningRate), "power": .number(power), "cycle": .bool(cycle),
            "name": .string(name),
        ])
    }
}
