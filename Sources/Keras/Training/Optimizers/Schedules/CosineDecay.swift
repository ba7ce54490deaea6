import Foundation

/// Cosine decay with an optional linear warmup.
///
/// Without `warmupTarget`: `initial · ((1 − α)·½(1 + cos(π·s/decaySteps)) + α)` with
/// `s = min(step, decaySteps)`. With a `warmupTarget`, the rate first rises linearly from
/// `initialLearningRate` to `warmupTarget` over `warmupSteps`, then decays from
/// `warmupTarget` the same way over `decaySteps`. Computed in float32.
///
/// ```swift
/// let schedule = try CosineDecay(initialLearningRate: 0.1, decaySteps: 1000)
/// schedule(step: 500)       // 0.05
/// ```
///
/// Mirrors Keras 3's `keras.optimizers.schedules.CosineDecay`.
public struct CosineDecay: LearningRateSchedule {
    public let initialLearningRate: Double, decaySteps: Double, alpha: Double
    public let name: String
    public let warmupTarget: Double?
    public let warmupSteps: Double

    /// Throws when `decaySteps <= 0`.
    public init(initialLearningRate: Double, decaySteps: Double, alpha: Double = 0, name: String = "CosineDecay",
                warmupTarget: Double? = nil, warmupSteps: Double = 0) throws {
        try ScheduleCheck.positiveSteps(decaySteps, "decay_steps", "CosineDecay")
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.alpha = alpha
        self.name = name
        self.warmupTarget = warmupTarget
        self.warmupSteps = warmupSteps
    }

    public func callAsFunction(step: Int) -> Double {
        let initial = Float(initialLearningRate), decay = Float(decaySteps)
        guard let warmupTarget else {
            return Double(decayed(min(Float(step), decay), from: initial))
        }
        let target = Float(warmupTarget), warmup = Float(warmupSteps)
        let s = min(Float(step), decay + warmup)
        if s < warmup { return Double((target - initial) * (s / warmup) + initial) }
        return Double(decayed(s - warmup, from: target))
    }

    private func decayed(_ step: Float, from rate: Float) -> Float {
        let fraction = step / Float(decaySteps)
        let cosine = 0.5 * (1 + cosf(Float.pi * fraction))
        return rate * ((1 - Float(alpha)) * cosine + Float(alpha))
    }

    public var keras3Config: JSONValue {
        Self.serialized("CosineDecay", [
            "initial_learning_rate": .number(initialLearningRate), "decay_steps": .number(decaySteps),
            "alpha": .number(alpha), "name": .string(name), "warmup_target": warmupTarget.map { .number($0) } ?? .null,
            "warmup_steps": .number(warmupSteps),
        ])
    }
}
