import ArgumentParser
import Keras

/// `swiftkeras bench cnn`: the classic mnist_cnn workload of the peer benchmark
/// (`peers/keras_cnn.py`), defined identically: Conv2D(32, 3×3, relu) → Conv2D(64, 3×3, relu) →
/// MaxPooling2D(2) → Dropout(0.25) → Flatten → Dense(128, relu) → Dropout(0.5) →
/// Dense(10, softmax), Adam, categorical crossentropy, batch 128, one epoch over the first
/// 12000 Fashion-MNIST images; the steady step is the median of steps 6…93 (warm-up and the
/// partial last batch left out). Prints one JSON line with the peer script's keys.
struct CNNWorkload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cnn",
        abstract: "The peer mnist_cnn workload on Fashion-MNIST (one JSON line)."
    )

    @OptionGroup var workload: WorkloadOptions
    @Option(help: "Training images used (the first N).") var nTrain = 12000

    func run() throws {
        let backend = try workload.activate()
        let batch = 128
        let data = try workload.fashionMNIST(sampleShape: [28, 28, 1], batchSize: batch, testBatchSize: 500, limit: nTrain)

        let model = try ModelRecipe.cnn.build(imageShape: [28, 28])
        try model.compile(optimizer: ModelRecipe.cnn.defaultOptimizer(), loss: .categoricalCrossentropy(), metrics: ["accuracy"])

        let timer = StepTimer()
        let profiler = workload.profiling.makeProfiler()
        let fitStart = seconds()
        try model.fit(data.train, epochs: 1, verbose: 0, callbacks: [timer], profile: profiler)
        let fitSeconds = seconds() - fitStart
        let scores = try model.evaluate(data.test)

        let steps = timer.stepSeconds[0]
        let steady = Array(steps[5 ..< min(steps.count, nTrain / batch)])
        let perStep = median(steady)
        let forwardFlopsPerSample = 2.0 * Double(26 * 26 * 32 * 9 + 24 * 24 * 64 * 288 + 9216 * 128 + 128 * 10)
        var report = WorkloadReport(bench: "keras_cnn", backend: backend)
        report["n_train"] = nTrain
        report["batch_size"] = batch
        report["steps"] = steps.count
        report["epoch_s"] = WorkloadReport.rounded(timer.epochSeconds[0], 3)
        report["fit_total_s"] = WorkloadReport.rounded(fitSeconds, 3)
        report["first_step_s"] = WorkloadReport.rounded(steps[0], 3)
        report["steady_s_per_step"] = WorkloadReport.rounded(perStep, 4)
        report["steady_s_per_step_mean"] = WorkloadReport.rounded(steady.reduce(0, +) / Double(steady.count), 4)
        report["steady_images_per_s"] = WorkloadReport.rounded(Double(batch) / perStep, 1)
        report["steady_est_gflops_train"] = WorkloadReport.rounded(3 * forwardFlopsPerSample * Double(batch) / perStep / 1e9, 1)
        report["test_acc"] = WorkloadReport.rounded(scores["accuracy"] ?? .nan, 4)
        report["test_loss"] = WorkloadReport.rounded(scores["loss"] ?? .nan, 4)
        report["allocations_per_step"] = timer.steadyAllocations
        report.emit()
        try workload.profiling.finish(profiler)
    }
}
