import Testing
@testable import Keras

/// EarlyStopping driven by scripted epoch logs (values worked out by hand from Keras 3's
/// rules), and inside a real `fit`.
@Suite struct EarlyStoppingTests {
    /// Feeds `values` of `monitor` as epochs 0, 1, …; returns the epoch at which the callback
    /// stopped training (nil if it did not).
    func run(_ stop: EarlyStopping, _ values: [Double], monitor: String = "val_loss", model: Model? = nil) throws -> Int? {
        let model = try model ?? TrainingFixtures.linearModel()
        stop.model = model
        model.stopTraining = false
        try stop.onTrainBegin(logs: [:])
        for (epoch, value) in values.enumerated() {
            try stop.onEpochEnd(epoch, logs: [monitor: value, "loss": 0])
            if model.stopTraining { return epoch }
        }
        return nil
    }

    @Test func stopsAfterPatienceEpochsWithoutImprovement() throws {
        // best 1.0, 0.9 (epoch 1); 0.95 → wait 1; 0.92 → wait 2 = patience → stop at epoch 3.
        let stop = EarlyStopping(patience: 2)
        #expect(try run(stop, [1.0, 0.9, 0.95, 0.92, 0.5]) == 3)
        #expect(stop.stoppedEpoch == 3)
        #expect(stop.best == 0.9)
        #expect(stop.bestEpoch == 1)
    }

    @Test func patienceZeroStopsAtTheFirstEpochWithoutImprovement() throws {
        #expect(try run(EarlyStopping(), [1.0, 0.8, 0.8]) == 2)
    }

    @Test func minDeltaDemandsALargerImprovement() throws {
        // minDelta 0.1: 0.95 is not below 1.0 − 0.1, so epoch 1 counts (wait 1 = patience).
        #expect(try run(EarlyStopping(minDelta: 0.1, patience: 1), [1.0, 0.95, 0.5]) == 1)
        #expect(try run(EarlyStopping(minDelta: 0.01, patience: 1), [1.0, 0.95, 0.95]) == 2)
    }

    @Test func maxModeAndAutoModeForAccuracy() throws {
        // Accuracy goes up: 0.5, 0.6, 0.55 → stop at epoch 2 with patience 1.
        #expect(try run(EarlyStopping(monitor: "val_accuracy", patience: 1), [0.5, 0.6, 0.55], monitor: "val_accuracy") == 2)
        #expect(try run(EarlyStopping(monitor: "score", patience: 1, mode: .max), [0.5, 0.6, 0.55], monitor: "score") == 2)
        // In min mode the same values stop at epoch 1.
        #expect(try run(EarlyStopping(monitor: "score", patience: 1, mode: .min), [0.5, 0.6, 0.55], monitor: "score") == 1)
    }

    @Test func autoModeCannotGuessAnUnknownMetric() throws {
        #expect(throws: KerasError.self) { try run(EarlyStopping(monitor: "val_f1"), [0.5], monitor: "val_f1") }
    }

    @Test func baselineMustBeBeatenToResetTheCount() throws {
        // Baseline 0.5: 0.8 improves on +inf but not on the baseline (wait stays 1); 0.9 does
        // not improve: wait 2 = patience → stop at epoch 1.
        #expect(try run(EarlyStopping(patience: 2, baseline: 0.5), [0.8, 0.9, 0.9]) == 1)
        // Values under the baseline reset the count.
        #expect(try run(EarlyStopping(patience: 2, baseline: 0.5), [0.4, 0.3, 0.35, 0.2]) == nil)
    }

    @Test func startFromEpochSkipsTheWarmUp() throws {
        // Epochs 0 and 1 are ignored: monitoring starts at 2.0 (epoch 2).
        #expect(try run(EarlyStopping(patience: 1, startFromEpoch: 2), [1.0, 5.0, 2.0, 3.0]) == 3)
    }

    @Test func restoresTheBestEpochsWeights() throws {
        let model = try TrainingFixtures.linearModel()
        let stop = EarlyStopping(patience: 1, restoreBestWeights: true)
        stop.model = model
        try stop.onTrainBegin(logs: [:])
        let losses = [1.0, 0.5, 0.7]
        for (epoch, loss) in losses.enumerated() {
            // Weights of epoch e: every element equal to e.
            try model.setWeights(model.getWeights().map { Tensor(shape: $0.shape, repeating: Double(epoch)) })
            try stop.onEpochEnd(epoch, logs: ["val_loss": loss])
        }
        #expect(model.stopTraining)
        try stop.onTrainEnd(logs: [:])
        #expect(TrainingFixtures.flatWeights(model) == [1, 1, 1])
    }

    @Test func stopsARealFitWhoseLossCannotImprove() throws {
        // A learning rate of 0 leaves the loss constant: epoch 1 does not improve on epoch 0.
        let model = try TrainingFixtures.linearModel(optimizer: SGD(learningRate: 0))
        let history = try model.fit(TrainingFixtures.x, TrainingFixtures.y, batchSize: 4, epochs: 10, verbose: 0,
                                    callbacks: [EarlyStopping(monitor: "loss", patience: 1)], shuffle: false)
        #expect(history.epoch == [0, 1])
    }
}
