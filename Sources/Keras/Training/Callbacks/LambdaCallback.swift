/// A callback made of closures, one per hook, for simple callbacks written on the spot.
///
/// ```swift
/// var batchLosses: [Double] = []
/// let record = LambdaCallback(onTrainBatchEnd: { _, logs in batchLosses.append(logs["loss"]!) },
///                             onTrainEnd: { _ in print("done") })
/// try model.fit(x, y, callbacks: [record])
/// ```
///
/// Every Keras hook has its closure: epoch and train hooks as in Keras's constructor, and the
/// test and predict hooks Keras accepts as extra keyword arguments.
///
/// Mirrors Keras 3's `keras.callbacks.LambdaCallback`.
public final class LambdaCallback: Callback {
    public typealias LogsHook = (_ logs: Logs) throws -> Void
    public typealias IndexHook = (_ index: Int, _ logs: Logs) throws -> Void

    let trainBegin: LogsHook?, trainEnd: LogsHook?
    let epochBegin: IndexHook?, epochEnd: IndexHook?
    let trainBatchBegin: IndexHook?, trainBatchEnd: IndexHook?
    let testBegin: LogsHook?, testEnd: LogsHook?
    let testBatchBegin: IndexHook?, testBatchEnd: IndexHook?
    let predictBegin: LogsHook?, predictEnd: LogsHook?
    let predictBatchBegin: IndexHook?, predictBatchEnd: IndexHook?

    public init(onEpochBegin: IndexHook? = nil, onEpochEnd: IndexHook? = nil,
                onTrainBegin: LogsHook? = nil, onTrainEnd: LogsHook? = nil,
                onTrainBatchBegin: IndexHook? = nil, onTrainBatchEnd: IndexHook? = nil,
                onTestBegin: LogsHook? = nil, onTestEnd: LogsHook? = nil,
                onTestBatchBegin: IndexHook? = nil, onTestBatchEnd: IndexHook? = nil,
                onPredictBegin: LogsHook? = nil, onPredictEnd: LogsHook? = nil,
                onPredictBatchBegin: IndexHook? = nil, onPredictBatchEnd: IndexHook? = nil) {
        epochBegin = onEpochBegin
        epochEnd = onEpochEnd
        trainBegin = onTrainBegin
        trainEnd = onTrainEnd
        trainBatchBegin = onTrainBatchBegin
        trainBatchEnd = onTrainBatchEnd
        testBegin = onTestBegin
        testEnd = onTestEnd
        testBatchBegin = onTestBatchBegin
        testBatchEnd = onTestBatchEnd
        predictBegin = onPredictBegin
        predictEnd = onPredictEnd
        predictBatchBegin = onPredictBatchBegin
        predictBatchEnd = onPredictBatchEnd
    }

    public override func onTrainBegin(logs: Logs) throws { try trainBegin?(logs) }
    public override func onTrainEnd(logs: Logs) throws { try trainEnd?(logs) }
    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws { try epochBegin?(epoch, logs) }
    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws { try epochEnd?(epoch, logs) }
    public override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws { try trainBatchBegin?(batch, logs) }
    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { try trainBatchEnd?(batch, logs) }
    public override func onTestBegin(logs: Logs) throws { try testBegin?(logs) }
    public override func onTestEnd(logs: Logs) throws { try testEnd?(logs) }
    public override func onTestBatchBegin(_ batch: Int, logs: Logs) throws { try testBatchBegin?(batch, logs) }
    public override func onTestBatchEnd(_ batch: Int, logs: Logs) throws { try testBatchEnd?(batch, logs) }
    public override func onPredictBegin(logs: Logs) throws { try predictBegin?(logs) }
    public override func onPredictEnd(logs: Logs) throws { try predictEnd?(logs) }
    public override func onPredictBatchBegin(_ batch: Int, logs: Logs) throws { try predictBatchBegin?(batch, logs) }
    public override func onPredictBatchEnd(_ batch: Int, logs: Logs) throws { try predictBatchEnd?(batch, logs) }
}
