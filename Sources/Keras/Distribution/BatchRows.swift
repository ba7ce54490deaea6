/// Where the rows a training step runs on sit in the global batch: under ``DataParallel`` a
/// rank holds rows `first ..< first + count` of each global batch. Random draws made per sample
/// (dropout masks) take their numbers from the sample's place in the global batch, so a model
/// with dropout trains on N ranks exactly as on one process with the same seed.
///
/// ```swift
/// try BatchRows.$current.withValue(BatchRows(first: 64, count: 64)) {
///     _ = K.dropout(x, level: 0.5)   // rows 64..<128 of the mask one process would draw for 128 rows
/// }
/// ```
struct BatchRows: Sendable {
    /// The position in the global batch of this rank's first row.
    let first: Int
    /// This rank's rows.
    let count: Int

    /// The rows of the training step running in this task (set by `fit` under ``DataParallel``;
    /// `nil` otherwise, when a batch is the whole batch).
    @TaskLocal static var current: BatchRows?

    /// The stream offset of a per-sample random tensor of `shape`, whose axis 0 holds this rank's
    /// rows (or a whole multiple of them, as a time-distributed layer's `[batch · steps, …]`):
    /// `first` rows' worth of elements. 0 when axis 0 is not a multiple of the rows.
    func elementOffset(_ shape: [Int]) -> Int {
        guard first > 0, count > 0, let rows = shape.first, rows > 0, rows % count == 0 else { return 0 }
        return first * (shape.reduce(1, *) / count)
    }
}

/// A layer that counts the random draws it makes from its own seed (Keras 3's `SeedGenerator`
/// state, as a seeded ``Dropout`` does): data-parallel training keeps the count equal on every
/// rank when a rank skips a step's forward pass.
protocol SeededDraws: AnyObject {
    var drawCount: Int { get set }
}
