import Synchronization

/// How training spreads over processes: Keras 3's `keras.distribution.Distribution`. The one
/// kind SwiftKeras has is ``DataParallel``.
///
/// As in Keras 3, a distribution is switched on for the whole process
/// (`keras.distribution.set_distribution`) or for a block of code (`with distribution.scope():`);
/// `fit`, `evaluate` and `predict` then follow it:
///
/// ```swift
/// try Distribution.set(DataParallel())          // every later fit is data-parallel
/// try model.fit(x, y, batchSize: 128, epochs: 3)
///
/// try DataParallel().scope {                    // only inside the block
///     try model.fit(x, y, batchSize: 128, epochs: 3)
/// }
/// ```
///
/// Setting a distribution starts the communicator (`MPI_Init` for the MPI plugin), so the
/// program must run under a launcher: `mpirun -np 2 ./program`.
public class Distribution: @unchecked Sendable {
    init() {}

    private static let processWide = Mutex<Distribution?>(nil)
    @TaskLocal static var scoped: Distribution?

    /// The distribution in effect: the innermost ``scope(_:)``, else the one ``set(_:)`` for the
    /// process, else `nil` (Keras 3's `keras.distribution.distribution()`).
    public static var current: Distribution? { scoped ?? processWide.withLock { $0 } }

    /// Makes `distribution` the process's (Keras 3's `set_distribution`), starting its
    /// communicator; `nil` switches distribution off. Throws when the communicator is missing or
    /// the process was not started by a launcher (the message says how to launch).
    public static func set(_ distribution: Distribution?) throws {
        try distribution?.activate()
        processWide.withLock { $0 = distribution }
    }

    /// Runs `body` with this distribution in effect (Keras 3's `distribution.scope()`).
    public func scope<R>(_ body: () throws -> R) throws -> R {
        try activate()
        return try Distribution.$scoped.withValue(self) { try body() }
    }

    /// Starts what the distribution needs (idempotent).
    func activate() throws {}

    /// The data-parallel distribution in effect with more than one rank, or `nil`: what the
    /// training loops ask.
    static var dataParallel: DataParallel? {
        guard let parallel = current as? DataParallel, parallel.size > 1 else { return nil }
        return parallel
    }

    /// Whether this process prints and writes files: rank 0 of a distributed job, or any process
    /// not under a distribution. Callbacks that write files (``ModelCheckpoint``, ``CSVLogger``)
    /// and the progress bar check it; so should a program's own file output.
    ///
    /// ```swift
    /// if Distribution.isChief { try model.saveWeights(to: "final.weights.h5") }
    /// ```
    public static var isChief: Bool { (current as? DataParallel)?.rank ?? 0 == 0 }
}
