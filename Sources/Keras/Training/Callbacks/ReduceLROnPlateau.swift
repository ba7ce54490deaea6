/// Multiplies the learning rate by `factor` when a monitored quantity has stopped improving for
/// `patience` epochs, never below `minLR`, then waits `cooldown` epochs before counting again.
///
/// An epoch improves when the value beats the best by more than `minDelta`
/// (`current < best − minDelta` when minimizing, `current > best + minDelta` when maximizing;
/// `mode: .auto` maximizes when the monitored name contains `acc`). The current rate is added
/// to the epoch logs as `learning_rate`.
///
/// ```swift
/// let reduce = ReduceLROnPlateau(monitor: "val_loss", factor: 0.2, patience: 5, minLR: 0.001)
/// try model.fit(x, y, epochs: 50, callbacks: [reduce], validationSplit: 0.1)
/// ```
///
/// Mirrors Keras 3's `keras.callbacks.ReduceLROnPlateau` (defaults `factor=0.1, patience=10,
/// min_delta=1e-4, cooldown=0, min_lr=0`).
public final class ReduceLROnPlateau: Callback {
    public let monitor: String
    public let factor: Double
    public let patience: Int
    public let verbose: Int
    public let mode: MonitorMode
    public let minDelta: Double
    public let cooldown: Int
    public let minLR: Double

    /// Epochs without improvement since the last improvement or reduction.
    public private(set) var wait = 0
    /// Epochs of cooldown left.
    public private(set) var cooldownCounter = 0
    /// The best monitored value seen.
    public private(set) var best: Double = .infinity

    /// Throws when `factor >= 1` (it would not reduce).
    public init(monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Int = 0,
                mode: MonitorMode = .auto, minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Double = 0) throws {
        guard factor < 1 else {
            throw KerasError(.invalidArgument, "ReduceLROnPlateau does not support a factor >= 1.0. Received factor=\(factor)")
        }
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLR = minLR
        super.init()
        reset()
    }

    private var maximize: Bool { mode == .max || (mode == .auto && monitor.contains("acc")) }

    private func reset() {
        best = maximize ? -.infinity : .infinity
        cooldownCounter = 0
        wait = 0
    }

    public override func onTrainBegin(logs: Logs) { reset() }

    override func amendEpochLogs(_ logs: inout Logs) {
        if let optimizer = model?.optimizer { logs["learning_rate"] = optimizer.learningRateValue }
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let current = logs[monitor] else {
            KerasLog.log(.warning, "Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.keys.sorted().joined(separator: ",")).")
            return
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        let improved = maximize ? current > best + minDelta : current < best - minDelta
        if improved {
            best = current
            wait = 0
            return
        }
        guard cooldownCounter == 0 else { return }
        wait += 1
        guard wait >= patience, let optimizer = model?.optimizer else { return }
        let old = optimizer.learningRateValue
        guard old > Double(Float(minLR)) else { return }
        let new = max(old * factor, minLR)
        try optimizer.setLearningRate(new)
        if verbose > 0 { print("\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(new).") }
        cooldownCounter = cooldown
        wait = 0
    }
}
