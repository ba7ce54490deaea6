import ArgumentParser
import Keras

/// `swiftkeras bench lstm`: the LSTM workload of the peer benchmark (`peers/keras_lstm.py`),
/// defined identically: Embedding(10000, 128) → LSTM(128) → Dense(1, sigmoid), Adam, binary
/// crossentropy, 4096 random integer sequences of length 80 with random 0/1 labels, batch 32
/// (128 steps per epoch), 2 epochs; the steady epoch is the second. Prints one JSON line with the
/// peer script's keys.
struct LSTMWorkload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm",
        abstract: "The peer Embedding-LSTM workload on random sequences (one JSON line)."
    )

    @OptionGroup var workload: WorkloadOptions
    @Option(help: "Epochs to train.") var epochs = 2

    func run() throws {
        let backend = try workload.activate()
        let (count, length, vocabulary, batch) = (4096, 80, 10000, 32)
        let x = K.cast(K.randomUniform([count, length], minval: 0, maxval: Double(vocabulary)), .int32)
        let y = K.cast(K.greater(K.randomUniform([count, 1]), Tensor(scalar: 0.5)), .float32)

        let model = try Sequential([
            Embedding(vocabulary, 128, inputShape: [length]),
            LSTM(128),
            Dense(1, activation: .sigmoid),
        ])
        try model.compile(optimizer: Adam(), loss: .binaryCrossentropy(), metrics: ["accuracy"])

        let timer = StepTimer()
        let profiler = workload.profiling.makeProfiler()
        let fitStart = seconds()
        try model.fit(x, y, batchSize: batch, epochs: epochs, verbose: 0, callbacks: [timer], profile: profiler)
        let fitSeconds = seconds() - fitStart
        let steadySteps = epochs > 1 ? timer.stepSeconds[epochs - 1] : Array(timer.stepSeconds[0].dropFirst(5))

        var report = WorkloadReport(bench: "keras_lstm", backend: backend)
        report["n"] = count
        report["seq_len"] = length
        report["batch_size"] = batch
        report["epochs"] = epochs
        report["epoch_s"] = timer.epochSeconds.map { WorkloadReport.rounded($0, 3) }
        report["epoch1_s"] = WorkloadReport.rounded(timer.epochSeconds[0], 3)
        if epochs > 1 {
            report["steady_epoch_s"] = WorkloadReport.rounded(median(Array(timer.epochSeconds.dropFirst())), 3)
        }
        report["steady_s_per_step"] = WorkloadReport.rounded(median(steadySteps), 4)
        report["first_step_s"] = WorkloadReport.rounded(timer.stepSeconds[0][0], 3)
        report["fit_total_s"] = WorkloadReport.rounded(fitSeconds, 3)
        report["allocations_per_step"] = timer.steadyAllocations
        report.emit()
        try workload.profiling.finish(profiler)
    }
}
