/// Sets the optimizer's learning rate at the start of every epoch from a function of the epoch
/// (0-based) and the current rate; the rate is then added to the epoch logs as
/// `learning_rate` (seen by ``History``, ``CSVLogger`` and the progress bar).
///
/// ```swift
/// let scheduler = LearningRateScheduler { epoch, lr in epoch < 10 ? lr : lr * exp(-0.1) }
/// try model.fit(x, y, epochs: 15, callbacks: [scheduler])
/// ```
///
/// `verbose: 1` prints `Epoch 3: LearningRateScheduler setting learning rate to 0.01.` each
/// epoch. The current rate passed in is the float32 value Keras reads back (`0.001` arrives as
/// `0.0010000000474974513`). An optimizer built with a ``LearningRateSchedule`` cannot be
/// rescheduled: `fit` throws.
///
/// Mirrors Keras 3's `keras.callbacks.LearningRateScheduler`.
public final class LearningRateScheduler: Callback {
    public let schedule: (_ epoch: Int, _ learningRate: Double) -> Double
    public let verbose: Int

    public init(verbose: Int = 0, _ schedule: @escaping (_ epoch: Int, _ learningRate: Double) -> Double) {
        self.schedule = schedule
        self.verbose = verbose
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws {
        guard let optimizer = model?.optimizer else {
            throw KerasError(.invalidArgument, "LearningRateScheduler: the model has no optimizer; call compile() first")
        }
        let rate = schedule(epoch, optimizer.learningRateValue)
        guard rate.isFinite else {
            throw KerasError(.invalidArgument, "LearningRateScheduler: the schedule returned \(rate) for epoch \(epoch); expected a finite float")
        }
        try optimizer.setLearningRate(rate)
        if verbose > 0 { print("\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(rate).") }
    }

    override func amendEpochLogs(_ logs: inout Logs) {
        if let optimizer = model?.optimizer { logs["learning_rate"] = optimizer.learningRateValue }
    }
}
