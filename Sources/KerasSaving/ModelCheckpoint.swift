import KerasCore
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
/// - `mode` `.auto` minimizes losses (`loss`, `val_loss`, `*_loss`, loss-named metrics) and
///   maximizes accuracies, AUC, precision and recall; for other names the first epoch's end
///   throws, asking for `.min` or `.max` (Keras's rule, shared with ``EarlyStopping``).
/// - `saveFreq`: `.epoch`, or `.batches(n)` to save every `n` training batches.
/// - `initialValueThreshold`: the best value to beat at the start.
/// - `verbose` 1 prints Keras's lines (`Epoch 3: val_loss improved from 0.41234 to 0.39876,
///   saving model to …`).
///
/// Only weights can be saved for now (`saveWeightsOnly: true`, a `.weights.h5` path): asking
/// for a full-model `.keras` file throws, since SwiftKeras has no `.keras` writer yet. A save
/// that fails during training (an unwritable directory, a field missing from the logs) throws
/// out of `fit`, as Keras raises.
///
/// Mirrors Keras's `keras.callbacks.ModelCheckpoint`.
public final class ModelCheckpoint: Callback {
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
    public let mode: MonitorMode
    public let saveFreq: SaveFrequency
    /// The best monitored value seen (starting from `initialValueThreshold`).
    public private(set) var best: Double?

    private var maximize: Bool?
    private var currentEpoch = 0
    private var batchesSinceSave = 0
    private var lastBatchSeen: Int?

    /// Creates the callback; throws for a path whose extension does not fit the saving mode, a
    /// malformed format field, or a non-positive batch count.
    public init(filepath: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
                saveWeightsOnly: Bool = false, mode: MonitorMode = .auto, saveFreq: SaveFrequency = .epoch,
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
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) { currentEpoch = epoch }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard case .batches(let n) = saveFreq else { return }
        // Batch indices restart every epoch; count the batches run since the last save.
        if let last = lastBatchSeen, batch > last { batchesSinceSave += batch - last } else { batchesSinceSave += batch + 1 }
        lastBatchSeen = batch
        guard batchesSinceSave >= n else { return }
        batchesSinceSave = 0
        try save(epoch: currentEpoch, batch: batch, logs: logs)
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        // Keras settles the direction at the first epoch's end, whatever `saveBestOnly` is.
        if maximize == nil { maximize = try MonitorDirection.isMaximized(monitor, mode: mode, model: model, callback: "ModelCheckpoint") }
        if saveFreq == .epoch { try save(epoch: epoch, batch: nil, logs: logs) }
    }

    private func save(epoch: Int, batch: Int?, logs: Logs) throws {
        guard let model else { return }
        var values = logs.mapValues { CheckpointPath.Value.double($0) }
        values["epoch"] = .int(epoch + 1)
        if let batch, logs["batch"] == nil { values["batch"] = .int(batch + 1) }
        let path = try filepath.format(values)
        guard try shouldSave(epoch: epoch, logs: logs, path: path) else { return }
        guard Distribution.isChief else { return }  // under DataParallel only rank 0 writes
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw KerasError(.io, "ModelCheckpoint: cannot create the directory \(directory) for \(path): \(error.localizedDescription)")
            }
        }
        try model.saveWeights(to: path, overwrite: true)
        if verbose > 0 { print("\nEpoch \(epoch + 1): finished saving model to \(path)") }
    }

    private func shouldSave(epoch: Int, logs: Logs, path: String) throws -> Bool {
        guard saveBestOnly else {
            if verbose > 0 { print("\nEpoch \(epoch + 1): saving model to \(path)") }
            return true
        }
        guard let current = logs[monitor] else {
            KerasLog.log(.warning, "Can save best model only with \(monitor) available.")
            return true
        }
        let maximize = try self.maximize ?? MonitorDirection.isMaximized(monitor, mode: mode, model: model, callback: "ModelCheckpoint")
        self.maximize = maximize
        let bestText = best.map { String(format: "%.5f", $0) } ?? "None"
        let improved = best.map { maximize ? current > $0 : current < $0 } ?? true
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
}
