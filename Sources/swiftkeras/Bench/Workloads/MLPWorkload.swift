import ArgumentParser
import Keras

/// `swiftkeras bench mlp`: the MLP workload of the peer benchmark (`peers/keras_mlp.py`),
/// defined identically: 784-512(relu)-512(relu)-10(softmax), RMSprop 1e-3, categorical
/// crossentropy, batch 128, 3 shuffled epochs over the 60000 Fashion-MNIST training images, then
/// test accuracy, 1-sample latency of the trained model and predict throughput at batch 1024.
/// Prints one JSON line with the peer script's keys.
struct MLPWorkload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlp",
        abstract: "The peer MLP workload on Fashion-MNIST (one JSON line)."
    )

    @OptionGroup var workload: WorkloadOptions
    @Option(help: "Epochs to train.") var epochs = 3
    @Option(help: "Training images used (the first N; default all).") var nTrain: Int?
    @Option(help: "Test images predicted at batch 1024 for the throughput figure.") var nPredict = 10000

    func run() throws {
        let backend = try workload.activate()
        let data = try workload.fashionMNIST(sampleShape: [784], batchSize: 128, testBatchSize: 1000, limit: nTrain)

        let buildStart = seconds()
        let model = try ModelRecipe.mlp.build(imageShape: [28, 28])
        try model.compile(optimizer: ModelRecipe.mlp.defaultOptimizer(), loss: .categoricalCrossentropy(),
                          metrics: ["accuracy"])
        let buildSeconds = seconds() - buildStart

        let timer = StepTimer()
        let profiler = workload.profiling.makeProfiler()
        let fitStart = seconds()
        let history = try model.fit(data.train, epochs: epochs, verbose: 0, callbacks: [timer], profile: profiler)
        let fitSeconds = seconds() - fitStart
        let scores = try model.evaluate(data.test)

        var report = WorkloadReport(bench: "keras_mlp", backend: backend)
        report["epochs"] = epochs
        report["batch_size"] = 128
        report["n_train"] = data.train.samples.count
        report["build_compile_s"] = WorkloadReport.rounded(buildSeconds, 4)
        report["epoch_s"] = timer.epochSeconds.map { WorkloadReport.rounded($0, 3) }
        report["epoch1_s"] = WorkloadReport.rounded(timer.epochSeconds[0], 3)
        if timer.epochSeconds.count > 1 {
            report["steady_epoch_s"] = WorkloadReport.rounded(median(Array(timer.epochSeconds.dropFirst())), 3)
        }
        report["fit_total_s"] = WorkloadReport.rounded(fitSeconds, 3)
        report["train_loss_last"] = WorkloadReport.rounded(history.history["loss"]?.last ?? .nan, 4)
        report["test_acc"] = WorkloadReport.rounded(scores["accuracy"] ?? .nan, 4)
        report["test_loss"] = WorkloadReport.rounded(scores["loss"] ?? .nan, 4)

        let one = data.xTest[0 ..< 1]
        var paths: [String: [String: Any]] = [:]
        paths["model_call"] = try latency { consume(try model(one)) }
        paths["predict_on_batch"] = try latency { consume(try model.predictOnBatch(one)) }
        paths["predict"] = try latency(calls: 100, warmup: 5) { consume(try model.predict(one) as Tensor) }
        let fastest = paths.min { ($0.value["median_us"] as! Double) < ($1.value["median_us"] as! Double) }!
        report["latency_1_sample"] = paths
        report["fastest_path"] = fastest.key
        report["fastest_median_us"] = fastest.value["median_us"]

        let predicted = max(1, min(nPredict, data.xTest.shape[0]))
        let sample = data.xTest[0 ..< predicted]
        let firstStart = seconds()
        consume(try model.predict(sample, batchSize: 1024) as Tensor)
        let firstPredict = seconds() - firstStart
        var runs: [Double] = []
        for _ in 0..<5 {
            let start = seconds()
            consume(try model.predict(sample, batchSize: 1024) as Tensor)
            runs.append(seconds() - start)
        }
        runs.sort()
        report["predict_\(predicted)_bs1024"] = ["first_call_s": WorkloadReport.rounded(firstPredict, 3),
                                          "median_s": WorkloadReport.rounded(runs[2], 4),
                                          "min_s": WorkloadReport.rounded(runs[0], 4),
                                          "samples_per_s": (Double(predicted) / runs[2]).rounded()]
        report["allocations_per_step"] = timer.steadyAllocations
        report.emit()
        try workload.profiling.finish(profiler)
    }
}
