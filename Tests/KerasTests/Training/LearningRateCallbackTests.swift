import Testing
@testable import Keras

/// LearningRateScheduler and ReduceLROnPlateau, with values worked out by hand.
@Suite struct LearningRateCallbackTests {
    @Test func schedulerSetsTheRateEachEpochAndLogsIt() throws {
        let optimizer = SGD(learningRate: 0.1)
        let model = try TrainingFixtures.linearModel(optimizer: optimizer)
        var seen: [(Int, Double)] = []
        let scheduler = LearningRateScheduler { epoch, lr in
            seen.append((epoch, lr))
            return epoch == 0 ? lr : lr / 2
        }
        let history = try model.fit(TrainingFixtures.x, TrainingFixtures.y, epochs: 3, verbose: 0, callbacks: [scheduler])
        // The rate arrives as Keras reads its float32 variable back.
        #expect(seen.map(\.0) == [0, 1, 2])
        #expect(seen[0].1 == Double(Float(0.1)))
        #expect(history.history["learning_rate"]! == [Double(Float(0.1)), Double(Float(0.05)), Double(Float(0.025))])
        #expect(optimizer.learningRateValue == Double(Float(0.025)))
    }

    @Test func schedulerRejectsAnOptimizerWithASchedule() throws {
        let schedule = try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5)
        let model = try TrainingFixtures.linearModel(optimizer: SGD(learningRate: .schedule(schedule)))
        #expect(throws: KerasError.self) {
            try model.fit(TrainingFixtures.x, TrainingFixtures.y, epochs: 1, verbose: 0,
                          callbacks: [LearningRateScheduler { _, lr in lr }])
        }
    }

    /// Feeds `val_loss` values to `reduce` and returns the learning rate after each epoch.
    func rates(_ reduce: ReduceLROnPlateau, _ values: [Double], initial: Double = 1) throws -> [Double] {
        let model = try TrainingFixtures.linearModel(optimizer: SGD(learningRate: .constant(initial)))
        reduce.model = model
        try reduce.onTrainBegin(logs: [:])
        return try values.enumerated().map { epoch, value in
            try reduce.onEpochEnd(epoch, logs: ["val_loss": value])
            return model.optimizer!.learningRateValue
        }
    }

    @Test func reducesAfterPatienceEpochsThenCoolsDown() throws {
        // patience 2, cooldown 1, factor 0.5. Epoch 0 improves (best 1.0). Epochs 1, 2 do not:
        // wait 2 → rate 0.5, cooldown 1. Epoch 3: cooldown ends (counter 0, wait 0), no
        // improvement, wait 1. Epoch 4: wait 2 → 0.25. Epoch 5 improves (0.5 < 1.0 − 1e-4).
        let reduce = try ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 1)
        let r = try rates(reduce, [1.0, 1.0, 1.0, 1.0, 1.0, 0.5])
        #expect(r == [1, 1, 0.5, 0.5, 0.25, 0.25])
        #expect(reduce.best == 0.5)
    }

    @Test func minDeltaAndMinLR() throws {
        // An improvement smaller than minDelta 0.1 does not count; the rate stops at minLR 0.3.
        let reduce = try ReduceLROnPlateau(factor: 0.5, patience: 1, minDelta: 0.1, minLR: 0.3)
        let minLR = Double(Float(0.3))    // the rate is a float32 variable, as in Keras
        #expect(try rates(reduce, [1.0, 0.95, 0.92, 0.91]) == [1, 0.5, minLR, minLR])
    }

    @Test func autoModeMaximizesAccuracy() throws {
        let model = try TrainingFixtures.linearModel(optimizer: SGD(learningRate: 1))
        let reduce = try ReduceLROnPlateau(monitor: "val_accuracy", factor: 0.5, patience: 1)
        reduce.model = model
        try reduce.onTrainBegin(logs: [:])
        try reduce.onEpochEnd(0, logs: ["val_accuracy": 0.5])
        try reduce.onEpochEnd(1, logs: ["val_accuracy": 0.7])
        #expect(model.optimizer!.learningRateValue == 1)
        try reduce.onEpochEnd(2, logs: ["val_accuracy": 0.6])
        #expect(model.optimizer!.learningRateValue == 0.5)
    }

    @Test func aFactorOfOneOrMoreIsRejected() {
        #expect(throws: KerasError.self) { try ReduceLROnPlateau(factor: 1) }
    }

    @Test func reduceAddsTheRateToTheEpochLogs() throws {
        let model = try TrainingFixtures.linearModel(optimizer: SGD(learningRate: 0.01))
        let history = try model.fit(TrainingFixtures.x, TrainingFixtures.y, epochs: 2, verbose: 0,
                                    callbacks: [ReduceLROnPlateau(monitor: "loss")])
        #expect(history.history["learning_rate"]! == [Double(Float(0.01)), Double(Float(0.01))])
    }
}
