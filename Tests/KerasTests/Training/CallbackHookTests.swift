import Testing
@testable import Keras

/// Every Keras hook reaches user subclasses, in Keras 3's order and with its logs.
@Suite struct CallbackHookTests {
    /// Records each hook as a line.
    final class Recorder: Callback {
        var events: [String] = []
        override func onTrainBegin(logs: Logs) { events.append("train_begin") }
        override func onTrainEnd(logs: Logs) { events.append("train_end \(logs.keys.sorted())") }
        override func onEpochBegin(_ epoch: Int, logs: Logs) { events.append("epoch_begin \(epoch)") }
        override func onEpochEnd(_ epoch: Int, logs: Logs) { events.append("epoch_end \(epoch) \(logs.keys.sorted())") }
        override func onTrainBatchBegin(_ batch: Int, logs: Logs) { events.append("train_batch_begin \(batch)") }
        override func onTrainBatchEnd(_ batch: Int, logs: Logs) { events.append("train_batch_end \(batch) \(logs.keys.sorted())") }
        override func onTestBegin(logs: Logs) { events.append("test_begin") }
        override func onTestEnd(logs: Logs) { events.append("test_end \(logs.keys.sorted())") }
        override func onTestBatchBegin(_ batch: Int, logs: Logs) { events.append("test_batch_begin \(batch)") }
        override func onTestBatchEnd(_ batch: Int, logs: Logs) { events.append("test_batch_end \(batch)") }
        override func onPredictBegin(logs: Logs) { events.append("predict_begin") }
        override func onPredictEnd(logs: Logs) { events.append("predict_end") }
        override func onPredictBatchBegin(_ batch: Int, logs: Logs) { events.append("predict_batch_begin \(batch)") }
        override func onPredictBatchEnd(_ batch: Int, outputs: [Tensor], logs: Logs) {
            events.append("predict_batch_end \(batch) \(outputs.map(\.shape))")
        }
    }

    @Test func fitCallsEveryHookInOrderWithValidationAsATestRun() throws {
        let model = try TrainingFixtures.linearModel(metrics: ["mae"])
        let recorder = Recorder()
        // 8 samples, validationSplit 0.25: 6 training (batches of 4 and 2), 2 validation.
        try model.fit(TrainingFixtures.x, TrainingFixtures.y, batchSize: 4, epochs: 1, verbose: 0,
                      callbacks: [recorder], validationSplit: 0.25)
        #expect(recorder.events == [
            "train_begin", "epoch_begin 0",
            "train_batch_begin 0", "train_batch_end 0 [\"loss\", \"mae\"]",
            "train_batch_begin 1", "train_batch_end 1 [\"loss\", \"mae\"]",
            "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_end [\"loss\", \"mae\"]",
            "epoch_end 0 [\"loss\", \"mae\", \"val_loss\", \"val_mae\"]",
            "train_end [\"loss\", \"mae\", \"val_loss\", \"val_mae\"]",
        ])
        #expect(recorder.params == ["epochs": 1, "steps": 2, "verbose": 0])
        #expect(recorder.model === model)
    }

    @Test func evaluateAndPredictCallTheirHooks() throws {
        let model = try TrainingFixtures.linearModel()
        let recorder = Recorder()
        _ = try model.evaluate(TrainingFixtures.x, TrainingFixtures.y, batchSize: 5, callbacks: [recorder])
        #expect(recorder.events == ["test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1",
                                    "test_batch_end 1", "test_end [\"loss\"]"])
        recorder.events = []
        let _: Tensor = try model.predict(TrainingFixtures.x, batchSize: 5, callbacks: [recorder])
        #expect(recorder.events == ["predict_begin", "predict_batch_begin 0", "predict_batch_end 0 [[5, 1]]",
                                    "predict_batch_begin 1", "predict_batch_end 1 [[3, 1]]", "predict_end"])
    }

    /// The seed's loss/accuracy recorder (a Keras 2 `LossHistory` with `on_batch_end` and
    /// `on_epoch_end`), written as-is.
    final class LossHistory: Callback {
        var losses: [String: [Double]] = [:]
        var accuracy: [String: [Double]] = [:]
        var valLoss: [String: [Double]] = [:]
        var valAcc: [String: [Double]] = [:]

        override func onTrainBegin(logs: Logs) {
            losses = ["batch": [], "epoch": []]
            accuracy = ["batch": [], "epoch": []]
            valLoss = ["batch": [], "epoch": []]
            valAcc = ["batch": [], "epoch": []]
        }

        override func onBatchEnd(_ batch: Int, logs: Logs) {
            losses["batch"]!.append(logs["loss"] ?? .nan)
            accuracy["batch"]!.append(logs["accuracy"] ?? .nan)
        }

        override func onEpochEnd(_ epoch: Int, logs: Logs) {
            losses["epoch"]!.append(logs["loss"] ?? .nan)
            accuracy["epoch"]!.append(logs["accuracy"] ?? .nan)
            valLoss["epoch"]!.append(logs["val_loss"] ?? .nan)
            valAcc["epoch"]!.append(logs["val_accuracy"] ?? .nan)
        }
    }

    @Test func theSeedsLossHistoryRecordsBatchesAndEpochs() throws {
        let model = try Sequential([Dense(2, activation: .softmax, inputDim: 2)])
        try model.compile(optimizer: SGD(learningRate: 0.1), loss: .categoricalCrossentropy(), metrics: ["accuracy"])
        let labels = Tensor([[1, 0], [0, 1], [1, 0], [0, 1], [1, 0], [0, 1], [1, 0], [0, 1]])
        let history = LossHistory()
        let result = try model.fit(TrainingFixtures.x, labels, batchSize: 2, epochs: 2, verbose: 0, callbacks: [history],
                                   validationSplit: 0.25)
        #expect(history.losses["batch"]!.count == 6)           // 3 batches × 2 epochs
        #expect(history.losses["epoch"]! == result.history["loss"]!)
        #expect(history.accuracy["epoch"]! == result.history["accuracy"]!)
        #expect(history.valAcc["epoch"]! == result.history["val_accuracy"]!)
        // The last batch's running loss is the epoch's loss.
        #expect(history.losses["batch"]![2] == result.history["loss"]![0])
    }

    @Test func lambdaCallbackRunsItsClosures() throws {
        let model = try TrainingFixtures.linearModel()
        var batches: [Int] = [], epochLosses: [Double] = [], ended = false
        let callback = LambdaCallback(onEpochEnd: { _, logs in epochLosses.append(logs["loss"]!) },
                                      onTrainEnd: { _ in ended = true },
                                      onTrainBatchBegin: { batch, _ in batches.append(batch) })
        let history = try model.fit(TrainingFixtures.x, TrainingFixtures.y, batchSize: 3, epochs: 2, verbose: 0,
                                    callbacks: [callback])
        #expect(batches == [0, 1, 2, 0, 1, 2])
        #expect(epochLosses == history.history["loss"]!)
        #expect(ended)
    }

    @Test func anErrorThrownByAHookEndsFit() throws {
        struct Stop: Error {}
        let model = try TrainingFixtures.linearModel()
        var epochs = 0
        let callback = LambdaCallback(onEpochEnd: { epoch, _ in epochs += 1; if epoch == 1 { throw Stop() } })
        #expect(throws: Stop.self) {
            try model.fit(TrainingFixtures.x, TrainingFixtures.y, epochs: 5, verbose: 0, callbacks: [callback])
        }
        #expect(epochs == 2)
    }

    @Test func stopTrainingSetInABatchEndsTheEpochAndTraining() throws {
        let model = try TrainingFixtures.linearModel()
        var seen: [Int] = []
        let callback = LambdaCallback(onTrainBatchEnd: { batch, _ in
            seen.append(batch)
            if batch == 1 { model.stopTraining = true }
        })
        let history = try model.fit(TrainingFixtures.x, TrainingFixtures.y, batchSize: 2, epochs: 3, verbose: 0,
                                    callbacks: [callback])
        #expect(seen == [0, 1])
        #expect(history.epoch == [0])
    }
}
