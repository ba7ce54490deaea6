// The program the data-parallel correctness test runs twice: once as one process, once under
// `mpirun -np 2` with DataParallel. Both train the same small model (no dropout) from the same
// seed on the same data with the same global batch, then rank 0 (or the single process) writes
// the final weights, the History, the evaluation and the predictions as JSON to the path given.
//
//     DataParallelCheck single.json
//     mpirun -np 2 DataParallelCheck parallel.json
//
// The data leave an uneven last batch (87 training samples, batches of 12: the last holds 3,
// split 1 + 2), shuffle every epoch, and validate on a held-out fifth.
import Foundation
import Keras

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: DataParallelCheck <output.json>\n".utf8))
    exit(2)
}

do {
    KerasConfig.threads = 1
    try ActiveBackend.select("reference")
    K.setRandomSeed(7)
    let parallel = DataParallel(deadline: 60)
    if (try? Communicator.named("mpi").launchedSize) ?? 0 > 0 { try Distribution.set(parallel) }

    // Data from a fixed generator: 109 samples of 6 features, 3 classes from a random linear map.
    let generator = RandomGenerator(seed: 11)
    let x = generator.sample(shape: [109, 6], dtype: .float32, .normal(mean: 0, stddev: 1))
    let map = RandomGenerator(seed: 12).sample(shape: [6, 3], dtype: .float32, .normal(mean: 0, stddev: 1))
    let y = K.oneHot(K.argmax(K.dot(x, map), axis: -1), numClasses: 3)

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

    if Distribution.isChief {
        let result: [String: Any] = [
            "errors": errors,
            "ranks": parallel.size,
            "weights": weights,
            "history": history.history,
            "evaluate": scores.dictionary,
            "predictions": predictions.doubles,
        ]
        try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]).write(to: URL(fileURLWithPath: arguments[1]))
    }
} catch {
    FileHandle.standardError.write(Data("DataParallelCheck: \(error)\n".utf8))
    exit(1)
}
