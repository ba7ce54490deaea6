/// Reading and replacing the learning rate from callbacks, as Keras's
/// `optimizer.learning_rate` property does.
extension Optimizer {
    /// The current learning rate as Keras reads it back from its float32 variable
    /// (`0.001` reads `0.0010000000474974513`); a schedule's value at the current step.
    public var learningRateValue: Double { Double(Float(currentLearningRate)) }

    /// Replaces a constant learning rate. Throws when the optimizer was built with a
    /// ``LearningRateSchedule``, whose rate is not settable (Keras's `TypeError`).
    public func setLearningRate(_ value: Double) throws {
        if case .schedule = learningRate {
            throw KerasError(.invalidArgument, "Optimizer \(name): this optimizer was created with a LearningRateSchedule as its learning rate, hence its learning rate is not settable. Use a constant learning rate to change it from a callback.")
        }
        learningRate = .constant(value)
    }
}
