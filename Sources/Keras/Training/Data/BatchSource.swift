/// One batch of training or evaluation data: inputs, targets (may be empty for `predict`), and
/// per-output sample weights.
public struct Batch {
    public var x: [Tensor]
    public var y: [Tensor]
    public var sampleWeights: [Tensor?]
    /// The position of row 0 in the global batch: 0, except for a rank's share under
    /// ``DataParallel`` (what per-sample random draws are placed by, see ``BatchRows``).
    var firstRow = 0

    public init(x: [Tensor], y: [Tensor] = [], sampleWeights: [Tensor?] = []) {
        self.x = x
        self.y = y
        self.sampleWeights = sampleWeights
    }

    /// The number of samples.
    public var size: Int { x.first?.shape.first ?? 0 }
}

/// A source of batches for `fit`, `evaluate` and `predict` — Keras's `Sequence` / generator
/// data: each epoch asks for batches `0..<batchCount`.
///
/// ```swift
/// struct Shards: BatchSource {
///     var batchCount: Int { 100 }
///     func batch(at index: Int, epoch: Int) throws -> Batch { Batch(x: [load(index)], y: [labels(index)]) }
/// }
/// try model.fit(Shards(), epochs: 3)
/// ```
public protocol BatchSource {
    /// Batches per epoch.
    var batchCount: Int { get }
    /// Batch `index` of epoch `epoch` (0-based).
    func batch(at index: Int, epoch: Int) throws -> Batch
}

/// In-memory tensors cut into batches, optionally shuffled each epoch (`fit(x, y, …)`).
struct ArrayBatches: ShardableBatchSource {
    let x: [Tensor]
    let y: [Tensor]
    let sampleWeights: [Tensor?]
    let batchSize: Int
    let shuffle: Bool
    let seed: Int
    /// The epoch's permutation, drawn once per epoch rather than once per batch.
    private let orders = EpochOrderCache()

    var sampleCount: Int { x.first?.shape[0] ?? y.first?.shape[0] ?? 0 }
    var batchCount: Int { (sampleCount + batchSize - 1) / batchSize }

    func batch(at index: Int, epoch: Int) throws -> Batch {
        try batch(at: index, epoch: epoch, rows: 0 ..< min(batchSize, sampleCount - index * batchSize))
    }

    func batch(at index: Int, epoch: Int, rows: Range<Int>) throws -> Batch {
        let range = index * batchSize + rows.lowerBound ..< index * batchSize + rows.upperBound
        if shuffle {
            let order = Array(orders.order(epoch: epoch, count: sampleCount, seed: seed)[range])
            return Batch(x: x.map { Rows.take($0, order) }, y: y.map { Rows.take($0, order) },
                         sampleWeights: sampleWeights.map { $0.map { Rows.take($0, order) } })
        }
        return Batch(x: x.map { Rows.slice($0, range) }, y: y.map { Rows.slice($0, range) },
                     sampleWeights: sampleWeights.map { $0.map { Rows.slice($0, range) } })
    }
}
