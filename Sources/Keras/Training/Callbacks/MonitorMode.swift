/// Whether a monitored quantity should go down (`min`), up (`max`), or be inferred from its name
/// (`auto`) — the `mode` of ``EarlyStopping`` and ``ReduceLROnPlateau``.
public enum MonitorMode: String, Sendable {
    case auto, min, max
}

/// Keras 3's inference of a metric's direction from the monitored name.
package enum MonitorDirection {
    /// Metrics that improve upwards (Keras's `_direction = "up"`).
    private static let upward: Set<String> = [
        "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
        "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "precision", "recall", "auc",
    ]

    /// True when a larger value of `monitor` is better. `val_` is ignored; `loss` (and a
    /// per-output `<name>_loss`) and loss-named metrics (`mse`, `mae`, …) go down, accuracy, AUC,
    /// precision and recall go up — also behind an output-name prefix. Anything else throws,
    /// asking for an explicit mode, as Keras does.
    package static func isMaximized(_ monitor: String, mode: MonitorMode, model: Model?, callback: String) throws -> Bool {
        switch mode {
        case .min: return false
        case .max: return true
        case .auto: break
        }
        var name = monitor
        if name.hasPrefix("val_") { name.removeFirst(4) }
        if name == "loss" || name.hasSuffix("_loss") { return false }
        let outputs = model?.outputNames ?? []
        for prefix in outputs where name.hasPrefix(prefix + "_") {
            name.removeFirst(prefix.count + 1)
            break
        }
        if upward.contains(name) { return true }
        if (try? Loss.named(name)) != nil { return false }
        throw KerasError(.invalidArgument, "\(callback) callback received monitor=\(monitor), but Keras isn't able to automatically determine whether that metric should be maximized or minimized. Pass `mode: .max` in order to monitor based on the highest metric value, or pass `mode: .min` in order to use the lowest value.")
    }
}
