/// Stops training when the loss becomes NaN or infinite, and keeps the last good weights.
///
/// After each training batch, a non-finite `loss` in the logs prints Keras's
/// `Batch 7: Invalid loss, terminating training`, logs a warning naming the epoch and batch,
/// puts back the model's weights (and the optimizer's step counter and slots) as they were
/// before that batch — the update computed from a NaN loss would otherwise have destroyed
/// them — and sets `model.stopTraining`. With `raiseError`, `fit` throws a ``KerasError``
/// instead (after restoring the weights), skipping the remaining callbacks.
///
/// ```swift
/// let guardNaN = TerminateOnNaN()
/// try model.fit(x, y, epochs: 10, callbacks: [guardNaN])
/// guardNaN.stoppedAt    // (epoch: 2, batch: 7) when a NaN occurred
/// ```
///
/// Keeping the weights costs nothing while training goes well beyond holding a reference to
/// the previous values (so the optimizer writes new buffers rather than updating in place).
///
/// Mirrors Keras 3's `keras.callbacks.TerminateOnNaN` (`raise_error=False`); restoring the
/// weights is SwiftKeras's addition.
public final class TerminateOnNaN: Callback {
    public let raiseError: Bool
    /// The epoch and batch (0-based) whose loss was not finite, once training was stopped.
    public private(set) var stoppedAt: (epoch: Int, batch: Int)?

    private var epoch = 0
    private var savedWeights: [Tensor]?
    private var savedOptimizer: OptimizerState?

    public init(raiseError: Bool = false) {
        self.raiseError = raiseError
    }

    public override func onTrainBegin(logs: Logs) { stoppedAt = nil }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) { self.epoch = epoch }

    public override func onTrainBatchBegin(_ batch: Int, logs: Logs) {
        savedWeights = model?.getWeights()
        savedOptimizer = model?.optimizer?.saveState()
    }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard let loss = logs["loss"], !loss.isFinite, let model else { return }
        stoppedAt = (epoch, batch)
        if let savedWeights { try model.setWeights(savedWeights) }
        if let savedOptimizer { model.optimizer?.restoreState(savedOptimizer) }
        savedWeights = nil
        savedOptimizer = nil
        let message = "Epoch \(epoch + 1), batch \(batch): loss is \(loss); weights restored to their values before this batch"
        if raiseError {
            throw KerasError(.invalidArgument, "NaN or Inf loss encountered at batch \(batch) of epoch \(epoch + 1). Loss value: \(loss). Terminating training; the weights were restored to their values before this batch.")
        }
        print("Batch \(batch): Invalid loss, terminating training")
        KerasLog.log(.warning, "TerminateOnNaN: \(message)")
        model.stopTraining = true
    }

    public override func onTrainEnd(logs: Logs) {
        savedWeights = nil
        savedOptimizer = nil
    }
}
