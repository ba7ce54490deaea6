import Foundation
import Synchronization

/// Data-parallel training over processes (Keras 3's `keras.distribution.DataParallel`): every
/// process — a *rank* — holds the whole model, trains on its own part of each global batch, and
/// the gradients are summed over the ranks (MPI all-reduce) before one identical optimizer
/// update everywhere, so the weights stay equal on every rank.
///
/// Switch it on for the process or for a block, then run the program under `mpirun`:
///
/// ```swift
/// try Distribution.set(DataParallel())
/// try model.fit(x, y, batchSize: 256, epochs: 3)   // 256 samples per step over all ranks
/// if Distribution.isChief { try model.saveWeights(to: "model.weights.h5") }
/// ```
/// ```text
/// mpirun -np 4 ./train                    # one machine
/// mpirun -np 8 --hostfile hosts ./train   # several (see docs/distributed.md)
/// ```
///
/// What `fit` does under it:
/// - each epoch's batches are split across the ranks (disjoint rows; the global batch is the
///   `batchSize` given, which must divide by the number of ranks);
/// - the initial weights are broadcast from rank 0;
/// - every step, gradients are all-reduced in buckets of about ``bucketByteCount`` bytes, each
///   started (non-blocking) as soon as the backward pass has produced its gradients, so
///   communication overlaps the rest of the backward pass;
/// - loss and metrics are global (the metric totals and counts are summed over the ranks), so
///   the progress bar and `History` show the numbers of the whole data set;
/// - only rank 0 prints; ``ModelCheckpoint`` and ``CSVLogger`` write only on rank 0;
/// - non-trainable weights (batch-normalisation statistics) are averaged at the end of each
///   epoch.
/// `evaluate` and `predict` split their batches the same way and gather the results.
///
/// When the distribution is set, the process-wide random stream is copied from rank 0, so
/// models built afterwards start equal and shuffled sources visit the same order on every rank;
/// kernels use the cores divided by the ranks on the machine (unless the thread count was set).
public final class DataParallel: Distribution, @unchecked Sendable {
    /// Seconds any one collective may take before the job is stopped.
    public let deadline: Double
    /// The target size of one gradient all-reduce, in bytes.
    public let bucketByteCount: Int
    /// The communicator plugin's name.
    public let communicatorName: String

    /// This process's rank (0 before the distribution is set).
    public private(set) var rank = 0
    /// The number of ranks (1 before the distribution is set).
    public private(set) var size = 1
    /// The ranks on this machine (this one included).
    public private(set) var localSize = 1
    /// The communicator, once the distribution is set (for a program's own collectives).
    public private(set) var communicator: Communicator?
    private var gradientSync: GradientSync?

    /// Bytes one training step all-reduces (the gradients and the sample count), once `fit` has
    /// run a step under this distribution; 0 before.
    public var gradientBytesPerStep: Int { gradientSync?.byteCount ?? 0 }

    /// Keras 3: `keras.distribution.DataParallel()` (its `devices` are the MPI ranks here).
    ///
    /// - Parameters:
    ///   - deadline: seconds a collective may take before the job is stopped (`MPI_Abort`) with
    ///     a message naming the rank and the operation.
    ///   - bucketByteCount: gradient bytes per all-reduce (smaller buckets start earlier in the
    ///     backward pass; larger ones pay the latency fewer times).
    ///   - communicator: the communicator plugin's name.
    public init(deadline: Double = 300, bucketByteCount: Int = 1 << 20, communicator: String = "mpi") {
        self.deadline = deadline
        self.bucketByteCount = max(4096, bucketByteCount)
        self.communicatorName = communicator
    }

    /// Starts the communicator: rank and size, the shared random stream, the thread count.
    override func activate() throws {
        if communicator != nil { return }
        guard deadline > 0 else {
            throw KerasError(.invalidArgument, "DataParallel: `deadline` must be positive, received \(deadline)")
        }
        let world = try Communicator.named(communicatorName)
        guard world.launchedSize > 0 else {
            throw KerasError(.invalidArgument, "DataParallel: this process was not started by an MPI launcher. Start every rank with mpirun, e.g. `mpirun -np 2 \(CommandLine.arguments.first.map { ($0 as NSString).lastPathComponent } ?? "program") …` (one machine) or `mpirun -np 8 --hostfile hosts …` (several); see docs/distributed.md")
        }
        (rank, size) = try world.initialize(deadline: deadline)
        communicator = world
        DataParallel.finalizeAtExit(world)
        CollectiveInFlight.installHandler()
        synchronizeRandomStream(world)
        localSize = countLocalRanks(world)
        if KerasConfiguration.current.threads.source == .defaultValue {
            KerasConfig.threads = max(1, System.coreCount / max(1, localSize))
        }
    }

    /// Copies rank `root`'s random stream (seed and position) to every rank.
    private func synchronizeRandomStream(_ world: Communicator, root: Int = 0) {
        let (seed, draws) = RandomSeedStream.shared.position
        var words = [seed, draws].flatMap { [Double($0 >> 32), Double($0 & 0xFFFF_FFFF)] }
        world.broadcast(&words, root: root, during: "sharing the random stream")
        let value = { (i: Int) in UInt64(words[i]) << 32 | UInt64(words[i + 1]) }
        RandomSeedStream.shared.restore(seed: value(0), draws: value(2))
    }

    /// The number of ranks on this machine (same host name).
    private func countLocalRanks(_ world: Communicator) -> Int {
        var hash: UInt32 = 2_166_136_261  // FNV-1a of the host name
        for byte in ProcessInfo.processInfo.hostName.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let all = world.allGather([Double(hash)], during: "counting the ranks per machine")
        return all.filter { $0 == Double(hash) }.count
    }

    private static let finalizer = Mutex<Communicator?>(nil)

    /// Registers `MPI_Finalize` for the normal exit of the process (a launcher treats a rank
    /// that exits without it as failed).
    private static func finalizeAtExit(_ world: Communicator) {
        let first = finalizer.withLock { current in
            defer { if current == nil { current = world } }
            return current == nil
        }
        if first { atexit { DataParallel.finalizer.withLock { $0 }?.finalize() } }
    }

    // MARK: Per-step services for the training loops

    /// The communicator, once the distribution is set.
    var world: Communicator {
        guard let communicator else { preconditionFailure("DataParallel used before Distribution.set / scope") }
        return communicator
    }

    /// The gradient all-reducer for `variables` (kept across steps while they stay the same).
    func gradientSync(for variables: [Variable]) -> GradientSync {
        if let sync = gradientSync, sync.matches(variables) { return sync }
        let sync = GradientSync(world, variables: variables, bucketByteCount: bucketByteCount)
        gradientSync = sync
        return sync
    }

    /// After a training step's all-reduce: when some rank had no rows (a last batch smaller
    /// than the job, known to every rank from the summed sample count), that rank ran no
    /// forward pass and made none of the step's random draws, so every rank takes the last
    /// rank's (which always has rows): the process-wide stream and the seeded layers' draw
    /// counts.
    func finishStep(_ sync: GradientSync, model: Model) {
        guard sync.globalSamples < size else { return }
        synchronizeRandomStream(world, root: size - 1)
        var seeded: [SeededDraws] = []
        func collect(_ layer: Layer) {
            if let layer = layer as? SeededDraws { seeded.append(layer) }
            layer.trackedLayers.forEach(collect)
        }
        collect(model)
        guard !seeded.isEmpty else { return }
        var counts = seeded.map { Double($0.drawCount) }
        world.broadcast(&counts, root: size - 1, during: "sharing the seeded layers' draw counts")
        for (layer, count) in zip(seeded, counts) { layer.drawCount = Int(count) }
    }

    /// Stops every rank of the job with `message` (naming this rank) on stderr: for a failure on
    /// one rank that would otherwise leave the others waiting at their next collective.
    public func abort(_ message: String) -> Never {
        guard let communicator else { fatalError(message) }
        communicator.abort(message)
    }

    /// Rows `lower..<upper` of a global batch of `count` samples that belong to this rank.
    func shard(of count: Int) -> Range<Int> {
        count * rank / size ..< count * (rank + 1) / size
    }
}
