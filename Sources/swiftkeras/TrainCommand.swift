import ArgumentParser
import Foundation
import Keras

/// `swiftkeras train`: trains the Keras examples' MLP or CNN on Fashion-MNIST (or MNIST files in
/// the same format) and prints what Keras prints: the model summary, a progress bar per epoch
/// with validation metrics, then the test loss and accuracy.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the MLP or the CNN of the Keras examples on Fashion-MNIST and print the test accuracy.",
        discussion: """
        Reads Debian's dataset-fashion-mnist files (\(Datasets.fashionMNISTDirectory)) or the IDX
        files in --data DIR. The images stay uint8 in memory; each batch is scaled to [0, 1] as it
        is made. Models: mlp = Dense(512, relu)-Dense(512, relu)-Dense(10, softmax), RMSprop 1e-3;
        cnn = Conv2D(32)-Conv2D(64)-MaxPooling2D-Dropout(0.25)-Flatten-Dense(128)-Dropout(0.5)-
        Dense(10, softmax), Adam. Categorical crossentropy and accuracy.
        """
    )

    @Option(help: "The model: mlp (the guide's MLP) or cnn (the classic mnist_cnn).")
    var model: ModelRecipe = .mlp

    @Option(help: "Epochs to train.")
    var epochs = 3

    @Option(help: "Samples per gradient update.")
    var batchSize = 128

    @Option(help: "Optimizer by Keras name (rmsprop, adam, sgd, …); default: rmsprop with learning rate 1e-3 for mlp, adam for cnn.")
    var optimizer: String?

    @Option(help: "Backend: auto, reference, or a plugin backend (openblas, …); default: SWIFTKERAS_BACKEND, keras.json, else auto.")
    var backend: String?

    @Option(help: "Threads the kernels may use; default: all cores.")
    var threads: Int?

    @Option(help: "Fraction of the training images (the last ones) held out to validate after each epoch.")
    var validationSplit = 0.1

    @Option(help: "Directory holding the four IDX files (train-images-idx3-ubyte[.gz], …); default: \(Datasets.fashionMNISTDirectory).")
    var data: String?

    @Option(help: "Train on only the first N training images (a quick run).")
    var samples: Int?

    @Option(help: "Write the training curves (loss and accuracy per epoch) to this .svg or .png file.")
    var plot: String?

    @Option(help: "Write the model graph to this .dot, .png, .svg or .pdf file (images need Graphviz's dot).")
    var plotModel: String?

    @Option(help: "Write the trained model to this .keras archive (architecture, weights, optimizer state), or only its weights to a .weights.h5 file; `swiftkeras predict` reads both.")
    var output: String?

    @Option(help: "Seed for weights, shuffling and dropout (K.setRandomSeed), for a reproducible run.")
    var seed: Int?

    @Option(help: "0 = silent, 1 = progress bar, 2 = one line per epoch.")
    var verbose = 1

    @Option(help: "data-parallel: train across the processes of an MPI job (start with `mpirun -np N swiftkeras train --distribute data-parallel …`; see docs/distributed.md).")
    var distribute: DistributeMode?

    @Option(help: "With --distribute: seconds one collective may take before the job is stopped.")
    var collectiveTimeout = 300.0

    @OptionGroup var profiling: ProfileOptions

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1, received \(epochs)") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be ≥ 1, received \(batchSize)") }
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw ValidationError("--validation-split must be in [0, 1), received \(validationSplit)")
        }
        if let output, !output.hasSuffix(".weights.h5") && !output.hasSuffix(".keras") {
            throw ValidationError("--output must name a .keras archive or a .weights.h5 file (Keras 3's formats), received \(output)")
        }
        if let samples, samples < 1 { throw ValidationError("--samples must be ≥ 1, received \(samples)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1, received \(threads)") }
        guard collectiveTimeout > 0 else { throw ValidationError("--collective-timeout must be positive, received \(collectiveTimeout)") }
        guard (0...2).contains(verbose) else { throw ValidationError("--verbose must be 0, 1 or 2, received \(verbose)") }
    }

    /// Runtime errors (a `KerasError`) are printed as `Error: …` without the usage text, which is
    /// for mistakes on the command line.
    func run() throws {
        try checkOutputs()
        do {
            try train()
        } catch let error as KerasError {
            // A rank that fails alone would leave the others waiting at the next collective.
            if let parallel = Distribution.current as? DataParallel, parallel.size > 1 {
                parallel.abort("train: \(error.message)")
            }
            throw error
        }
    }

    private func train() throws {
        if let threads { KerasConfig.threads = threads }
        if let backend { try ActiveBackend.select(backend) } else { try ActiveBackend.activate() }
        if let seed { K.setRandomSeed(seed) }
        if distribute == .dataParallel {
            // After the seed: DataParallel gives every rank rank 0's random stream.
            let parallel = DataParallel(deadline: collectiveTimeout)
            try Distribution.set(parallel)
            if parallel.rank != 0 { silenceStandardOutput() }  // only rank 0 prints
            print("Data-parallel over \(parallel.size) ranks (\(parallel.localSize) on this machine, \(KerasConfig.threads) threads each)")
        }
        print("SwiftKeras on the \(K.backendName()) backend")

        let loadStart = ContinuousClock.now
        var ((xTrain, yTrain), (xTest, yTest)) = try Datasets.fashionMNIST(directory: data)
        if let samples, samples < xTrain.shape[0] {
            xTrain = K.slice(xTrain, start: [0, 0, 0], size: [samples, xTrain.shape[1], xTrain.shape[2]])
            yTrain = K.slice(yTrain, start: [0], size: [samples])
        }
        print("Fashion-MNIST from \(data ?? Datasets.fashionMNISTDirectory): \(xTrain.shape[0]) training and \(xTest.shape[0]) test images of \(xTrain.shape[1])×\(xTrain.shape[2]) (read in \(Seconds.text(since: loadStart)))")

        let network = try model.build(imageShape: [xTrain.shape[1], xTrain.shape[2]])
        let optimizer = try self.optimizer.map(Optimizer.named) ?? model.defaultOptimizer()
        try network.compile(optimizer: optimizer, loss: .categoricalCrossentropy(), metrics: ["accuracy"])
        network.summary()

        let sampleShape = model.sampleShape(imageShape: [xTrain.shape[1], xTrain.shape[2]])
        let all = try ImageBatches(images: xTrain, labels: yTrain, batchSize: batchSize, sampleShape: sampleShape,
                                   oneHotClasses: 10, shuffle: true)
        let (train, validation) = validationSplit > 0 ? try all.split(validationFraction: validationSplit) : (all, nil)
        if let validation { print("Train on \(train.sampleCount) samples, validate on \(validation.sampleCount) samples") }

        let timer = StepTimer()
        let profiler = profiling.makeProfiler()
        let history = try network.fit(train, epochs: epochs, verbose: verbose, callbacks: [timer], validation: validation,
                                      profile: profiler)
        try profiling.finish(profiler)
        print("Epoch times: " + timer.epochSeconds.map { Seconds.text($0) }.joined(separator: ", "))

        let test = try ImageBatches(images: xTest, labels: yTest, batchSize: 1000, sampleShape: sampleShape, oneHotClasses: 10)
        let scores = try network.evaluate(test)
        print(String(format: "Test loss: %.4f", scores["loss"] ?? .nan))
        print(String(format: "Test accuracy: %.4f", scores["accuracy"] ?? .nan))

        // The model or weights first: a picture that fails afterwards never costs them. Only rank 0 writes.
        if let output, output.hasSuffix(".keras"), Distribution.isChief {
            try network.save(output)
            print("Model written to \(output) (swiftkeras predict --model \(output) …; Keras: keras.models.load_model)")
        } else if let output, Distribution.isChief {
            try network.saveWeights(to: output)
            print("Weights written to \(output) (swiftkeras predict --model \(model.rawValue) --weights \(output) …)")
        }
        var pictureError: Error?
        if let plot, Distribution.isChief {
            do {
                try TrainingCurves.write(history, to: plot, title: "\(model.rawValue.uppercased()) on Fashion-MNIST")
                print("Training curves written to \(plot)")
            } catch { pictureError = pictureError ?? error; printError(error) }
        }
        if let plotModel, Distribution.isChief {
            do {
                try Keras.plotModel(network, to: plotModel, showShapes: true)
                print("Model graph written to \(plotModel)")
            } catch { pictureError = pictureError ?? error; printError(error) }
        }
        if pictureError != nil { throw ExitCode.failure }
    }

    /// Before any training: every output path can be written, and what each picture needs is
    /// installed (Graphviz's `dot` for a `--plot-model` image, `rsvg-convert` for a `--plot` PNG).
    private func checkOutputs() throws {
        if let output { try AtomicFile.checkWritable(output) }
        if let plot { try TrainingCurves.checkPrerequisites(plot) }
        if let plotModel { try checkPlotModelPrerequisites(plotModel) }
    }

    private func printError(_ error: Error) {
        FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    }
}

/// `--distribute` values.
enum DistributeMode: String, ExpressibleByArgument, CaseIterable {
    case dataParallel = "data-parallel"
}

/// Sends this process's standard output to /dev/null (ranks other than 0 of a distributed run);
/// errors still reach standard error.
func silenceStandardOutput() {
    fflush(nil)
    let null = open("/dev/null", O_WRONLY)
    if null >= 0 { dup2(null, STDOUT_FILENO); close(null) }
}

/// Durations as seconds.
enum Seconds {
    static func since(_ start: ContinuousClock.Instant) -> Double { seconds(ContinuousClock.now - start) }

    static func text(since start: ContinuousClock.Instant) -> String { text(since(start)) }

    static func text(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }
}
