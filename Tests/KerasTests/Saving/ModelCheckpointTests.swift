import Foundation
import Testing
@testable import Keras

/// ModelCheckpoint writes the files Keras writes, when Keras writes them.
@Suite struct ModelCheckpointTests {
    func savedFiles(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    /// Runs the epoch hooks with the given logs, one epoch each.
    func drive(_ callback: ModelCheckpoint, model: Model, epochs logs: [Callback.Logs]) throws {
        callback.model = model
        try callback.onTrainBegin(logs: [:])
        for (epoch, epochLogs) in logs.enumerated() {
            try callback.onEpochBegin(epoch, logs: [:])
            try callback.onEpochEnd(epoch, logs: epochLogs)
        }
    }

    @Test func saveBestOnlySavesTheEpochsThatImprove() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try Sequential([Dense(2, inputShape: [3])])
        let checkpoint = try ModelCheckpoint(filepath: dir + "/ckpt-{epoch:02d}-{val_loss:.2f}.weights.h5",
                                             saveBestOnly: true, saveWeightsOnly: true)
        // Epoch 4 ties the best and is not an improvement (Keras compares strictly).
        try drive(checkpoint, model: model, epochs: [["val_loss": 0.5], ["val_loss": 0.6], ["val_loss": 0.4], ["val_loss": 0.4], ["val_loss": 0.3]])
        #expect(try savedFiles(dir) == ["ckpt-01-0.50.weights.h5", "ckpt-03-0.40.weights.h5", "ckpt-05-0.30.weights.h5"])
        #expect(checkpoint.best == 0.3)
    }

    @Test func modeMaxAndInitialThreshold() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try Sequential([Dense(2, inputShape: [3])])
        let checkpoint = try ModelCheckpoint(filepath: dir + "/e{epoch}.weights.h5", monitor: "val_accuracy",
                                             saveBestOnly: true, saveWeightsOnly: true, initialValueThreshold: 0.7)
        try drive(checkpoint, model: model, epochs: [["val_accuracy": 0.6], ["val_accuracy": 0.75], ["val_accuracy": 0.72], ["val_accuracy": 0.9]])
        #expect(try savedFiles(dir) == ["e2.weights.h5", "e4.weights.h5"])
        let explicit = try ModelCheckpoint(filepath: dir + "/m{epoch}.weights.h5", monitor: "val_score",
                                           saveBestOnly: true, saveWeightsOnly: true, mode: .min)
        try drive(explicit, model: model, epochs: [["val_score": 3], ["val_score": 2], ["val_score": 5]])
        #expect(try savedFiles(dir).filter { $0.hasPrefix("m") } == ["m1.weights.h5", "m2.weights.h5"])
    }

    @Test func everyEpochWithoutSaveBestOnlyAndIntoANewDirectory() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try Sequential([Dense(2, inputShape: [3])])
        let checkpoint = try ModelCheckpoint(filepath: dir + "/run/{epoch:03d}.weights.h5", saveWeightsOnly: true)
        try drive(checkpoint, model: model, epochs: [["loss": 1], ["loss": 2], ["loss": 3]])
        #expect(try savedFiles(dir + "/run") == ["001.weights.h5", "002.weights.h5", "003.weights.h5"])
    }

    @Test func batchFrequencyCountsBatchesAcrossEpochs() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try Sequential([Dense(2, inputShape: [3])])
        let checkpoint = try ModelCheckpoint(filepath: dir + "/e{epoch}-b{batch}.weights.h5", saveWeightsOnly: true, saveFreq: .batches(3))
        checkpoint.model = model
        for epoch in 0..<2 {
            try checkpoint.onEpochBegin(epoch, logs: [:])
            for batch in 0..<4 { try checkpoint.onTrainBatchEnd(batch, logs: ["loss": 1]) }
            try checkpoint.onEpochEnd(epoch, logs: ["loss": 1])
        }
        // Batches 1, 2, 3 of epoch 1 make three; then batch 4 of epoch 1 and batches 1, 2 of epoch 2.
        #expect(try savedFiles(dir) == ["e1-b3.weights.h5", "e2-b2.weights.h5"])
    }

    @Test func missingMonitorSavesWithAWarning() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try Sequential([Dense(2, inputShape: [3])])
        let checkpoint = try ModelCheckpoint(filepath: dir + "/e{epoch}.weights.h5", saveBestOnly: true, saveWeightsOnly: true)
        try drive(checkpoint, model: model, epochs: [["loss": 1], ["loss": 2]])
        #expect(try savedFiles(dir) == ["e1.weights.h5", "e2.weights.h5"])
    }

    @Test func constructorRejectsWhatKerasRejects() {
        #expect(throws: KerasError.self) { try ModelCheckpoint(filepath: "w.h5", saveWeightsOnly: true) }
        let full = #expect(throws: KerasError.self) { try ModelCheckpoint(filepath: "model.keras") }
        #expect(full?.message.contains("saveWeightsOnly: true") == true)
        #expect(throws: KerasError.self) { try ModelCheckpoint(filepath: "m.txt") }
        #expect(throws: KerasError.self) { try ModelCheckpoint(filepath: "w.weights.h5", saveWeightsOnly: true, saveFreq: .batches(0)) }
        #expect(throws: KerasError.self) { try ModelCheckpoint(filepath: "{epoch.weights.h5", saveWeightsOnly: true) }
    }

    @Test func autoModeCannotTellTheDirectionOfAnUnknownMetric() throws {
        let model = try Sequential([Dense(2, inputShape: [3])])
        let checkpoint = try ModelCheckpoint(filepath: "/tmp/unused.weights.h5", monitor: "val_score", saveBestOnly: true, saveWeightsOnly: true)
        let error = #expect(throws: KerasError.self) { try drive(checkpoint, model: model, epochs: [["val_score": 1]]) }
        #expect(error?.message.contains("mode: .max") == true)
    }

    @Test func aFailingSaveThrowsOutOfTheHook() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try Sequential([Dense(2, inputShape: [3])])
        let checkpoint = try ModelCheckpoint(filepath: dir + "/{epoch}-{val_loss:.2f}.weights.h5", saveWeightsOnly: true)
        let error = #expect(throws: KerasError.self) { try drive(checkpoint, model: model, epochs: [["loss": 1]]) }
        #expect(error?.message.contains("'val_loss'") == true)
        #expect(try savedFiles(dir).isEmpty)
    }

    @Test func bestCheckpointOfARealFitHoldsTheBestEpochsWeights() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func build() throws -> Sequential { try Sequential([Dense(4, activation: .tanh, inputShape: [2]), Dense(1)]) }
        let model = try build()
        try model.compile(optimizer: SGD(learningRate: 0.5), loss: "mse")
        let x = Tensor((0..<32).map { Float(sin(Double($0))) }, shape: [16, 2])
        let y = Tensor((0..<16).map { Float(cos(Double($0))) }, shape: [16, 1])
        let xVal = Tensor((0..<8).map { Float(sin(Double($0) + 0.5)) }, shape: [4, 2])
        let yVal = Tensor((0..<4).map { Float(cos(Double($0) + 0.5)) }, shape: [4, 1])
        let every = try ModelCheckpoint(filepath: dir + "/e{epoch:02d}.weights.h5", saveBestOnly: true, saveWeightsOnly: true)
        let best = try ModelCheckpoint(filepath: dir + "/best.weights.h5", saveBestOnly: true, saveWeightsOnly: true)
        let history = try model.fit(x, y, batchSize: 4, epochs: 6, verbose: 0, callbacks: [every, best],
                                    validationData: (x: xVal, y: yVal), shuffle: false)
        let losses = history.history["val_loss"]!
        #expect(losses.count == 6)
        var expected: [String] = ["best.weights.h5"]
        var lowest = Double.infinity
        for (epoch, loss) in losses.enumerated() where loss < lowest {
            lowest = loss
            expected.append(String(format: "e%02d.weights.h5", epoch + 1))
        }
        #expect(try savedFiles(dir) == expected.sorted())

        let restored = try build()
        try restored.compile(optimizer: SGD(learningRate: 0.5), loss: "mse")
        try restored.loadWeights(from: dir + "/best.weights.h5")
        let evaluated = try restored.evaluate(xVal, yVal, verbose: 0)["loss"]!
        #expect(abs(evaluated - lowest) < 1e-6)
    }
}
