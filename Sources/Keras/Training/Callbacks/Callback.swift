/// Hooks into training, evaluation and prediction: subclass and override what you need.
///
/// ```swift
/// final class LossHistory: Callback {
///     var losses: [Double] = []
///     override func onBatchEnd(_ batch: Int, logs: Logs) { losses.append(logs["loss"] ?? .nan) }
/// }
/// try model.fit(x, y, epochs: 2, callbacks: [LossHistory()])
/// ```
///
/// `logs` hold the running metric values by name (`"loss"`, `"accuracy"`, `"val_loss"`, …), as
/// Keras 3 passes them: the batch hooks of `fit` and `evaluate` get the running values of the
/// epoch so far, `onEpochEnd` the epoch's values with the `val_` ones, `onTrainEnd` the last
/// epoch's, `onTestEnd` the evaluation's; the `…Begin` hooks get empty logs.
/// ``model`` is set before training starts; ``params`` holds `epochs`, `steps`, `verbose`.
///
/// Every hook may throw; the error ends `fit` / `evaluate` / `predict` and reaches the caller.
/// Overrides need not be marked `throws`.
///
/// Mirrors Keras's `keras.callbacks.Callback` (`onBatchBegin` / `onBatchEnd` are Keras's
/// `on_batch_begin` / `on_batch_end`, which the train-batch hooks call by default).
open class Callback {
    /// Metric values by name.
    public typealias Logs = [String: Double]

    /// The model being trained (set by `fit`, `evaluate` and `predict`).
    public weak var model: Model?
    /// Training parameters: `epochs`, `steps`, `verbose`.
    public var params: [String: Int] = [:]

    public init() {}

    /// Called once at the start of `fit`.
    open func onTrainBegin(logs: Logs) throws {}
    /// Called once at the end of `fit`, with the last epoch's logs.
    open func onTrainEnd(logs: Logs) throws {}
    /// Called at the start of each epoch (0-based).
    open func onEpochBegin(_ epoch: Int, logs: Logs) throws {}
    /// Called at the end of each epoch with the epoch's logs, `val_` values included.
    open func onEpochEnd(_ epoch: Int, logs: Logs) throws {}
    /// Called before each training batch; by default calls ``onBatchBegin(_:logs:)``.
    open func onTrainBatchBegin(_ batch: Int, logs: Logs) throws { try onBatchBegin(batch, logs: logs) }
    /// Called after each training batch with the running logs; by default calls ``onBatchEnd(_:logs:)``.
    open func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { try onBatchEnd(batch, logs: logs) }
    /// Keras's `on_batch_begin`: a training batch begins.
    open func onBatchBegin(_ batch: Int, logs: Logs) throws {}
    /// Keras's `on_batch_end`: a training batch ended; `logs` are the running values.
    open func onBatchEnd(_ batch: Int, logs: Logs) throws {}
    /// Called at the start of `evaluate` (and of the validation inside `fit`).
    open func onTestBegin(logs: Logs) throws {}
    /// Called at the end of `evaluate` with its results.
    open func onTestEnd(logs: Logs) throws {}
    /// Called before each evaluation batch.
    open func onTestBatchBegin(_ batch: Int, logs: Logs) throws {}
    /// Called after each evaluation batch with the running logs.
    open func onTestBatchEnd(_ batch: Int, logs: Logs) throws {}
    /// Called at the start of `predict`.
    open func onPredictBegin(logs: Logs) throws {}
    /// Called at the end of `predict`.
    open func onPredictEnd(logs: Logs) throws {}
    /// Called before each prediction batch.
    open func onPredictBatchBegin(_ batch: Int, logs: Logs) throws {}
    /// Called after each prediction batch. ``onPredictBatchEnd(_:outputs:logs:)`` also gets the
    /// batch's outputs (Keras's `logs["outputs"]`).
    open func onPredictBatchEnd(_ batch: Int, logs: Logs) throws {}
    /// Called after each prediction batch with the batch's outputs (one tensor per model
    /// output); by default calls ``onPredictBatchEnd(_:logs:)``.
    open func onPredictBatchEnd(_ batch: Int, outputs: [Tensor], logs: Logs) throws {
        try onPredictBatchEnd(batch, logs: logs)
    }

    /// Entries this callback adds to the epoch logs seen by the callbacks after it (Keras's
    /// callbacks write `logs["learning_rate"]` into the shared dictionary).
    func amendEpochLogs(_ logs: inout Logs) {}
}

/// Records the epoch logs of `fit`: `history["loss"]` is the loss of every epoch. `fit`
/// returns it (also `model.history`).
///
/// Mirrors Keras's `keras.callbacks.History`.
public final class History: Callback {
    /// 0-based indices of the epochs run.
    public private(set) var epoch: [Int] = []
    /// Each log key's values, one per epoch.
    public private(set) var history: [String: [Double]] = [:]

    public override func onTrainBegin(logs: Logs) { epoch = [] }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) {
        self.epoch.append(epoch)
        for (key, value) in logs { history[key, default: []].append(value) }
    }
}
