/// Dispatches each hook to a list of callbacks, in order. The epoch logs are passed along the
/// list, so entries a callback adds (`learning_rate`) reach the callbacks after it, as Keras's
/// shared logs dictionary does.
struct CallbackList {
    let callbacks: [Callback]

    init(_ callbacks: [Callback], model: Model, params: [String: Int]) {
        self.callbacks = callbacks
        for callback in callbacks {
            callback.model = model
            callback.params = params
        }
    }

    func onTrainBegin() throws { for c in callbacks { try c.onTrainBegin(logs: [:]) } }
    func onTrainEnd(logs: Callback.Logs) throws { for c in callbacks { try c.onTrainEnd(logs: logs) } }
    func onEpochBegin(_ epoch: Int) throws { for c in callbacks { try c.onEpochBegin(epoch, logs: [:]) } }

    /// Runs every `onEpochEnd` and returns the logs with the entries callbacks added.
    @discardableResult
    func onEpochEnd(_ epoch: Int, logs: Callback.Logs) throws -> Callback.Logs {
        var logs = logs
        for c in callbacks {
            c.amendEpochLogs(&logs)
            try c.onEpochEnd(epoch, logs: logs)
        }
        return logs
    }

    func onTrainBatchBegin(_ batch: Int) throws { for c in callbacks { try c.onTrainBatchBegin(batch, logs: [:]) } }
    func onTrainBatchEnd(_ batch: Int, logs: Callback.Logs) throws {
        for c in callbacks { try c.onTrainBatchEnd(batch, logs: logs) }
    }
    func onTestBegin() throws { for c in callbacks { try c.onTestBegin(logs: [:]) } }
    func onTestEnd(logs: Callback.Logs) throws { for c in callbacks { try c.onTestEnd(logs: logs) } }
    func onTestBatchBegin(_ batch: Int) throws { for c in callbacks { try c.onTestBatchBegin(batch, logs: [:]) } }
    func onTestBatchEnd(_ batch: Int, logs: Callback.Logs) throws {
        for c in callbacks { try c.onTestBatchEnd(batch, logs: logs) }
    }
    func onPredictBegin() throws { for c in callbacks { try c.onPredictBegin(logs: [:]) } }
    func onPredictEnd() throws { for c in callbacks { try c.onPredictEnd(logs: [:]) } }
    func onPredictBatchBegin(_ batch: Int) throws { for c in callbacks { try c.onPredictBatchBegin(batch, logs: [:]) } }
    func onPredictBatchEnd(_ batch: Int, outputs: [Tensor]) throws {
        for c in callbacks { try c.onPredictBatchEnd(batch, outputs: outputs, logs: [:]) }
    }
}
