import ArgumentParser
import Keras

/// `swiftkeras bench startup`: start-up costs in a fresh process, as `peers/keras_startup.py`
/// measures them: build and compile the MLP (784-512-512-10, RMSprop), the first
/// `trainOnBatch` of 128 random samples, a second one, and the first `predictOnBatch`; plus the
/// process's age (from `exec`) at `main` and at the end. Loading the backend plugin counts.
struct StartupWorkload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Process start to first train step, as the peer startup script (one JSON line)."
    )

    @OptionGroup var workload: WorkloadOptions

    func run() throws {
        let ageAtMain = ProcessStats.age
        let selectStart = seconds()
        let backend = try workload.activate()
        let selectSeconds = seconds() - selectStart
        let xb = K.randomUniform([128, 784])
        let yb = K.oneHot(K.cast(K.randomUniform([128], minval: 0, maxval: 10), .int32), numClasses: 10)

        var start = seconds()
        let model = try ModelRecipe.mlp.build(imageShape: [28, 28])
        let buildSeconds = seconds() - start
        start = seconds()
        try model.compile(optimizer: ModelRecipe.mlp.defaultOptimizer(), loss: .categoricalCrossentropy(), metrics: ["accuracy"])
        let compileSeconds = seconds() - start
        start = seconds()
        try model.trainOnBatch(xb, yb)
        let firstStep = seconds() - start
        let ageAtFirstStep = ProcessStats.age
        start = seconds()
        try model.trainOnBatch(xb, yb)
        let secondStep = seconds() - start
        start = seconds()
        consume(try model.predictOnBatch(xb))
        let firstPredict = seconds() - start

        var report = WorkloadReport(bench: "keras_startup", backend: backend)
        report["process_age_at_main_s"] = ageAtMain.map { WorkloadReport.rounded($0, 3) }
        report["select_backend_s"] = WorkloadReport.rounded(selectSeconds, 4)
        report["build_model_s"] = WorkloadReport.rounded(buildSeconds, 4)
        report["compile_call_s"] = WorkloadReport.rounded(compileSeconds, 4)
        report["first_train_on_batch_s"] = WorkloadReport.rounded(firstStep, 4)
        report["build_compile_first_step_s"] = WorkloadReport.rounded(buildSeconds + compileSeconds + firstStep, 4)
        report["second_train_on_batch_s"] = WorkloadReport.rounded(secondStep, 4)
        report["first_predict_on_batch_s"] = WorkloadReport.rounded(firstPredict, 4)
        report["process_age_at_first_step_s"] = ageAtFirstStep.map { WorkloadReport.rounded($0, 3) }
        report["process_age_end_s"] = ProcessStats.age.map { WorkloadReport.rounded($0, 3) }
        report.emit()
    }
}
