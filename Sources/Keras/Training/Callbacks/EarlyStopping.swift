/// Stops training when a monitored quantity has stopped improving.
///
/// At each epoch end, the monitored value improves when it beats the best so far by more than
/// `minDelta` (`current − minDelta > best` when maximizing, `current + minDelta < best` when
/// minimizing). Each epoch without improvement counts one; when the count reaches `patience`
/// (and the epoch is not the first), `model.stopTraining` is set. With a `baseline`, the count
/// restarts only when the value also beats the baseline. Epochs before `startFromEpoch` are
/// not monitored. With `restoreBestWeights`, the weights of the best epoch are put back at the
/// end of training (also when training was not stopped early).
///
/// ```swift
/// let stop = EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true)
/// try model.fit(x, y, epochs: 100, callbacks: [stop], validationSplit: 0.2)
/// stop.stoppedEpoch   // 0-based epoch at which training stopped (0 if it did not)
/// ```
///
/// Mirrors Keras 3's `keras.callbacks.EarlyStopping` (including its reuse across `fit` calls:
/// the best value is kept, the counters and best weights are reset).
public final class EarlyStopping: Callback {
    public let monitor: String
    public let patience: Int
    public let verbose: Int
    public let mode: MonitorMode
    public let baseline: Double?
    public let restoreBestWeights: Bool
    public let startFromEpoch: Int
    /// `|minDelta|`, signed once the direction is known (negative when minimizing).
    public private(set) var minDelta: Double

    /// Epochs counted since the last improvement.
    public private(set) var wait = 0
    /// The epoch at which training was stopped (0 if it was not).
    public private(set) var stoppedEpoch = 0
    /// The best monitored value seen.
    public private(set) var best: Double = 0
    /// The epoch of the best value.
    public private(set) var bestEpoch = 0
    private var maximize: Bool?
    private var bestWeights: [Tensor]?

    public init(monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, verbose: Int = 0,
                mode: MonitorMode = .auto, baseline: Double? = nil, restoreBestWeights: Bool = false,
                startFromEpoch: Int = 0) {
        self.monitor = monitor
        self.minDelta = abs(minDelta)
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
    }

    public override func onTrainBegin(logs: Logs) {
        wait = 0
        stoppedEpoch = 0
        bestWeights = nil
        bestEpoch = 0
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        let maximize = try direction()
        guard let current = logs[monitor] else {
            KerasLog.log(.warning, "Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.keys.sorted().joined(separator: ","))")
            return
        }
        guard epoch >= startFromEpoch else { return }
        if restoreBestWeights && bestWeights == nil {
            bestWeights = model?.getWeights()
            bestEpoch = epoch
        }
        wait += 1
        if isImprovement(current, over: best, maximize) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model?.getWeights() }
            if let baseline, !isImprovement(current, over: baseline, maximize) { return }
            wait = 0
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model?.stopTraining = true
        }
    }

    public override func onTrainEnd(logs: Logs) throws {
        if stoppedEpoch > 0 && verbose > 0 { print("Epoch \(stoppedEpoch + 1): early stopping") }
        if restoreBestWeights, let bestWeights {
            if verbose > 0 { print("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).") }
            try model?.setWeights(bestWeights)
        }
    }

    /// Resolves the direction on first use (after the model's metrics exist), as Keras does.
    private func direction() throws -> Bool {
        if let maximize { return maximize }
        let up = try MonitorDirection.isMaximized(monitor, mode: mode, model: model, callback: "EarlyStopping")
        maximize = up
        if !up { minDelta = -minDelta }
        best = up ? -.infinity : .infinity
        return up
    }

    private func isImprovement(_ value: Double, over reference: Double, _ maximize: Bool) -> Bool {
        maximize ? value - minDelta > reference : value - minDelta < reference
    }
}
