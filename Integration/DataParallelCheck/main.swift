// The program the data-parallel tests run: once as one process, once under `mpirun -np 2` with
// DataParallel. Both train the same small models from the same seed on the same data with the
// same global batch, then rank 0 (or the single process) writes the final weights, the History,
// the evaluation and the predictions as JSON to the path given.
//
//     DataParallelCheck single.json
//     mpirun -np 2 DataParallelCheck parallel.json
//     mpirun -np 2 DataParallelCheck faults.json --fail die|stall --collective-timeout 2
//
// The first model has no dropout. Its data leave an uneven last batch (87 training samples,
// batches of 12: the last holds 3, split 1 + 2), shuffle every epoch, and validate on a held-out
// fifth. The second has two Dropout layers (one unseeded, one seeded): its masks must follow
// each sample's place in the global batch; its last batch holds 1 sample, so rank 0 has no
// rows in it. Then every rank calls `saveWeights` and `save` with its rank in the file name:
// only rank 0's files may exist.
//
// With `--fail`, rank 1 fails in the middle of a training step of epoch 1 (inside the forward
// pass): `die` kills it (SIGKILL, as the kernel's out-of-memory killer would), `stall` makes it
// hang. The job must end with a non-zero status and a message, never hang.
import Foundation
import Keras

/// A layer that passes its input through and, on one rank, fails at one training call.
final class Tripwire: Layer {
    enum Failure: String { case die, stall }
    let failure: Failure
    let rank: Int
    let failingCall: Int
    private var calls = 0

    init(_ failure: Failure, rank: Int, atCall call: Int) {
        self.failure = failure
        self.rank = rank
        failingCall = call
        super.init(name: "tripwire")
    }

    override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training else { return input }
        calls += 1
        if rank == 1 && calls == failingCall {
            switch failure {
            case .die:
                sleep(1)  // rank 0 is waiting for this step's gradients by now
                raise(SIGKILL)
            case .stall: while true { sleep(1) }
            }
        }
        return input
    }

    override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] { inputShape }
}

/// The value after `name` in `arguments`, removing both.
func option(_ name: String, _ arguments: inout [String]) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i ... i + 1) }
    return arguments[i + 1]
}
var arguments = Array(CommandLine.arguments.dropFirst())
let failure = option("--fail", &arguments).map { Tripwire.Failure(rawValue: $0) }
let deadline = option("--collective-timeout", &arguments).flatMap(Double.init) ?? 60
guard arguments.count == 1, failure != .some(nil) else {
    FileHandle.standardError.write(Data("usage: DataParallelCheck <output.json> [--fail die|stall] [--collective-timeout S]\n".utf8))
    exit(2)
}
let output = arguments[0]

do {
    KerasConfig.threads = 1
    try ActiveBackend.select("reference")
    K.setRandomSeed(7)
    let parallel = DataParallel(deadline: deadline)
    if (try? Communicator.named("mpi").launchedSize) ?? 0 > 0 { try Distribution.set(parallel) }

    // Data from a fixed generator: 109 samples of 6 features, 3 classes from a random linear map.
    let generator = RandomGenerator(seed: 11)
    let x = generator.sample(shape: [109, 6], dtype: .float32, .normal(mean: 0, stddev: 1))
    let map = RandomGenerator(seed: 12).sample(shape: [6, 3], dtype: .float32, .normal(mean: 0, stddev: 1))
    let y = K.oneHot(K.argmax(K.dot(x, map), axis: -1), numClasses: 3)

    if let failure = failure.flatMap({ $0 }) {
        // 87 training samples in batches of 12: 8 steps per epoch; rank 1 fails in step 3 of epoch 1.
        let model = try Sequential([
            Dense(16, activation: "tanh", inputShape: [6]),
            Tripwire(failure, rank: parallel.rank, atCall: 8 + 3),
            Dense(3, activation: "softmax"),
        ])
        try model.compile(optimizer: SGD(learningRate: 0.1), loss: .categoricalCrossentropy(), metrics: ["accuracy"])
        try model.fit(x, y, batchSize: 12, epochs: 3, verbose: 0, validationSplit: 0.2)
        FileHandle.standardError.write(Data("DataParallelCheck: rank \(parallel.rank) finished training although rank 1 failed\n".utf8))
        exit(0)
    }

    let model = try Sequential([
        Dense(16, activation: "tanh", inputShape: [6]),
        Dense(3, activation: "softmax"),
    ])
    try model.compile(optimizer: SGD(learningRate: 0.1, momentum: 0.9), loss: .categoricalCrossentropy(),
                      metrics: ["accuracy"])
    let history = try model.fit(x, y, batchSize: 12, epochs: 3, verbose: 0, validationSplit: 0.2, shuffle: true)
    let scores = try model.evaluate(x, y, batchSize: 25)
    let predictions = try model.predict(x, batchSize: 25)
    let weights = model.getWeights().flatMap(\.doubles)

    // Dropout: 101 samples in batches of 10, shuffled; the last batch (1 sample) is all rank 1's.
    let dropped = try Sequential([
        Dense(16, activation: "tanh", inputShape: [6]),
        Dropout(0.5),
        Dense(8, activation: "relu"),
        Dropout(0.25, seed: 5),
        Dense(3, activation: "softmax"),
    ])
    try dropped.compile(optimizer: SGD(learningRate: 0.1, momentum: 0.9), loss: .categoricalCrossentropy(), metrics: ["accuracy"])
    let first101 = { (t: Tensor) in K.slice(t, start: [0, 0], size: [101, t.shape[1]]) }
    let dropoutHistory = try dropped.fit(first101(x), first101(y), batchSize: 10, epochs: 2, verbose: 0, shuffle: true)
    let dropoutWeights = dropped.getWeights().flatMap(\.doubles)
    // One more unseeded draw: equal on every rank and to one process's if the streams stayed together.
    let nextDraw = K.randomUniform([1], dtype: .float64).item

    // Bad input is refused on every rank before any step: a global batch that does not divide by
    // the ranks, and fewer samples than ranks.
    var errors: [String] = []
    for (xs, ys, batch) in [(x, y, 5), (K.slice(x, start: [0, 0], size: [1, 6]), K.slice(y, start: [0, 0], size: [1, 3]), 4)] {
        do {
            try model.fit(xs, ys, batchSize: batch, epochs: 1, verbose: 0)
            errors.append("accepted")
        } catch let error as KerasError {
            errors.append(error.message)
        }
    }

    // Every rank saves, with its rank in the name: only rank 0 writes.
    try dropped.saveWeights(to: "\(output).rank\(parallel.rank).weights.h5")
    try dropped.save("\(output).rank\(parallel.rank).keras")

    if Distribution.isChief {
        let result: [String: Any] = [
            "errors": errors,
            "ranks": parallel.size,
            "weights": weights,
            "history": history.history,
            "evaluate": scores.dictionary,
            "predictions": predictions.doubles,
            "dropout_weights": dropoutWeights,
            "dropout_history": dropoutHistory.history,
            "next_draw": nextDraw,
        ]
        try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]).write(to: URL(fileURLWithPath: output))
    }
} catch {
    FileHandle.standardError.write(Data("DataParallelCheck: \(error)\n".utf8))
    exit(1)
}
