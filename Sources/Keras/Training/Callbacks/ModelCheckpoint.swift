import Foundation

/// Saves the model's weights during training: after every epoch, or every few batches, or only
/// when the monitored value improves.
///
/// `filepath` may hold Python format fields filled from the epoch (1-based), the batch and the
/// logs — `"ckpt-{epoch:02d}-{val_loss:.2f}.weights.h5"` (see ``CheckpointPath``); without
/// fields every save overwrites the same file. Each file is written beside its target and
/// renamed over it, so a checkpoint on disk is never partial. Missing directories are created.
///
/// ```swift
/// let checkpoint = try ModelCheckpoint(filepath: "ckpt/best.weights.h5", monitor: "val_loss",
///                                      saveBestOnly: true, saveWeightsOnly: true)
/// try model.fit(x, y, epochs: 10, validationSplit: 0.1, callbacks: [checkpoint])
/// ```
///
/// - `saveBestOnly`: save only when `monitor` improves on the best value so far (strictly:
///   lower for `.min`, higher for `.max`); when `monitor` is missing from the logs, a warning is
///   logged and the model is saved anyway, as Keras does.
/// - `mode` `.auto` minimizes losses (`loss`, `val_loss`, `*_loss`) and errors, and maximizes
///   accuracies, AUC, precision and recall; other names need `.min` or `.max`.
/// - `saveFreq`: `.epoch`, or `.batches(n)` to save every `n` training batches.
/// - `initialValueThreshold`: the best value to beat at the start.
/// - `verbose` 1 prints Keras's lines (`Epoch 3: val_loss improved from 0.41234 to 0.39876,
///   saving model to …`).
///
/// Only weights can be saved for now (`saveWeightsOnly: true`, a `.weights.h5` path): asking
/// for a full-model `.keras` file throws, since SwiftKeras has no `.keras` writer yet. A save
/// that fails during training (an unwritable directory, a field missing from the logs) stops
/// training; the error is logged and kept in ``lastError``.
///
/// Mirrors Keras's `keras.callbacks.ModelCheckpoint`.
public final class ModelCheckpoint: Callback {
    /// Whether smaller or larger monitored values are better.
    public enum Mode: String, Sendable { case auto, min, max }

    /// When to save.
    public enum SaveFrequency: Sendable, Equatable {
        /// At the end of every epoch.
        case epoch
        /// Every `n` training batches (counted across epochs).
        case batches(Int)
    }

    public let filepath: CheckpointPath
    public let monitor: String
    public let verbose: Int
    public let saveBestOnly: Bool
    public let saveWeightsOnly: Bool
    public let mode: Mode
    public let saveFreq: SaveFrequency
    /// The best monitored value seen (starting from `initialValueThreshold`).
    public private(set) var best: Double?
    /// The error that stopped the last save, if any.
    public private(set) var lastError: KerasError?

    private var minimize: Bool?
    private var currentEpoch = 0
    private var batchesSinceSave = 0
    private var lastBatchSeen: Int?

    /// Creates the callback; throws for a path whose extension does not fit the saving mode, a
    /// malformed format field, or a non-positive batch count.
    public init(filepath: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
                saveWeightsOnly: Bool = false, mode: Mode = .auto, saveFreq: SaveFrequency = .epoch,
                initialValueThreshold: Double? = nil) throws {
        if saveWeightsOnly {
            guard filepath.hasSuffix(".weights.h5") else {
                throw KerasError(.invalidArgument, "When using `saveWeightsOnly: true` in `ModelCheckpoint`, the filepath provided must end in `.weights.h5` (Keras weights format). Received: filepath=\(filepath)")
            }
        } else if filepath.hasSuffix(".keras") || filepath.hasSuffix(".h5") {
            throw KerasError(.unimplemented, "ModelCheckpoint: saving the full model (\(filepath)) needs the `.keras` format, which SwiftKeras does not write yet. Pass `saveWeightsOnly: true` with a path ending in `.weights.h5`.")
        } else {
            throw KerasError(.invalidArgument, "The filepath provided must end in `.keras` (Keras model format), or in `.weights.h5` with `saveWeightsOnly: true`. Received: filepath=\(filepath)")
        }
        if case .batches(let n) = saveFreq, n <= 0 {
            throw KerasError(.invalidArgument, "Unrecognized save_freq: \(n). Expected saveFreq is .epoch or .batches(n) with n > 0")
        }
        self.filepath = try CheckpointPath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.saveBestOnly = saveBestOnly
        self.saveWeightsOnly = saveWeightsOnly
        self.mode = mode
        self.saveFreq = saveFreq
        self.best = initialValueThreshold
        super.init()
        if mode == .auto && saveBestOnly && Self.infersMinimize(monitor) == nil {
            throw KerasError(.invalidArgument, "ModelCheckpoint callback received monitor=\(monitor), but SwiftKeras isn't able to automatically determine whether that metric should be maximized or minimized. Pass `mode: .max` in order to monitor based on the highest metric value, or pass `mode: .min` in order to use the lowest value.")
        }
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) { currentEpoch = epoch }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) {
        guard case .batches(let n) = saveFreq else { return }
        // Batch indices restart every epoch; count the batches run since the last save.
        if let last = lastBatchSeen, batch > last { batchesSinceSave += batch - last } else { batchesSinceSave += batch + 1 }
        lastBatchSeen = batch
        guard batchesSinceSave >= n else { return }
        batchesSinceSave = 0
        save(epoch: currentEpoch, batch: batch, logs: logs)
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) {
        if saveFreq == .epoch { save(epoch: epoch, batch: nil, logs: logs) }
    }

    private func save(epoch: Int, batch: Int?, logs: Logs) {
        guard let model else { return }
        do {
            var values = logs.mapValues { CheckpointPath.Value.double($0) }
            values["epoch"] = .int(epoch + 1)
            if let batch, logs["batch"] == nil { values["batch"] = .int(batch + 1) }
            let path = try filepath.format(values)
            guard shouldSave(epoch: epoch, logs: logs, path: path) else { return }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try model.saveWeights(to: path, overwrite: true)
            if verbose > 0 { print("\nEpoch \(epoch + 1): finished saving model to \(path)") }
        } catch {
            let failure = error as? KerasError ?? KerasError(.io, "ModelCheckpoint: \(error)")
            lastError = failure
            KerasLog.log(.error, "ModelCheckpoint could not save, stopping training: \(failure.message)")
            model.stopTraining = true
        }
    }

    private func shouldSave(epoch: Int, logs: Logs, path: String) -> Bool {
        guard saveBestOnly else {
            if verbose > 0 { print("\nEpoch \(epoch + 1): saving model to \(path)") }
            return true
        }
        guard let current = logs[monitor] else {
            KerasLog.log(.warning, "Can save best model only with \(monitor) available.")
            return true
        }
        let minimize = self.minimize ?? (mode == .auto ? Self.infersMinimize(monitor) ?? true : mode == .min)
        self.minimize = minimize
        let bestText = best.map { String(format: "%.5f", $0) } ?? "None"
        let improved = best.map { minimize ? current < $0 : current > $0 } ?? true
        guard improved else {
            if verbose > 0 { print("\nEpoch \(epoch + 1): \(monitor) did not improve from \(bestText)") }
            return false
        }
        if verbose > 0 {
            print("\nEpoch \(epoch + 1): \(monitor) improved from \(bestText) to \(String(format: "%.5f", current)), saving model to \(path)")
        }
        best = current
        return true
    }

    /// Keras's `auto` rule: true for losses and errors, false for accuracy-like metrics, nil
    /// when the name says neither.
    static func infersMinimize(_ monitor: String) -> Bool? {
        let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
        let maximized = ["accuracy", "acc", "auc", "precision", "recall", "similarity"]
        let minimized = ["loss", "error", "mse", "mae", "mape", "msle", "crossentropy", "hinge", "divergence", "poisson", "logcosh"]
        if maximized.contains(where: { name == $0 || name.hasSuffix("_" + $0) }) { return false }
        if minimized.contains(where: { name == $0 || name.hasSuffix("_" + $0) }) { return true }
        return nil
    }
}
