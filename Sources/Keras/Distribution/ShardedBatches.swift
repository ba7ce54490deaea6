/// A ``BatchSource`` that can build just some rows of a batch, so that under ``DataParallel``
/// each rank prepares only its own part of every global batch. ``ImageBatches`` and the
/// in-memory data of `fit(x, y, …)` are shardable; any other source is sharded by building the
/// whole batch and keeping this rank's rows.
///
/// ```swift
/// extension MyRecords: ShardableBatchSource {
///     var sampleCount: Int { records.count }
///     func batch(at index: Int, epoch: Int, rows: Range<Int>) throws -> Batch { … }
/// }
/// ```
public protocol ShardableBatchSource: BatchSource {
    /// Samples over all batches of an epoch.
    var sampleCount: Int { get }
    /// Samples per batch (the last batch may hold fewer).
    var batchSize: Int { get }
    /// Rows `rows` (positions within the batch, `0..<size of batch index`) of batch `index`.
    func batch(at index: Int, epoch: Int, rows: Range<Int>) throws -> Batch
}

extension ShardableBatchSource {
    /// The number of samples in batch `index`.
    func samples(inBatch index: Int) -> Int {
        max(0, min(batchSize, sampleCount - index * batchSize))
    }
}

/// This rank's rows of every batch of `base`.
struct ShardedBatches: BatchSource {
    let base: any BatchSource
    let parallel: DataParallel

    var batchCount: Int { base.batchCount }

    func batch(at index: Int, epoch: Int) throws -> Batch {
        if let shardable = base as? any ShardableBatchSource {
            let rows = parallel.shard(of: shardable.samples(inBatch: index))
            var batch = try shardable.batch(at: index, epoch: epoch, rows: rows)
            batch.firstRow = rows.lowerBound
            return batch
        }
        let full = try base.batch(at: index, epoch: epoch)
        let rows = parallel.shard(of: full.size)
        var batch = Batch(x: full.x.map { Rows.slice($0, rows) }, y: full.y.map { Rows.slice($0, rows) },
                          sampleWeights: full.sampleWeights.map { $0.map { Rows.slice($0, rows) } })
        batch.firstRow = rows.lowerBound
        return batch
    }
}
