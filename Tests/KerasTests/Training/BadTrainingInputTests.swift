import Testing
@testable import Keras

/// Issue 6's "Bad input": each is a KerasError thrown before any step runs (no callback hook
/// ran, the weights are unchanged), naming the argument.
@Suite struct BadTrainingInputTests {
    /// Records whether training began.
    final class Probe: Callback {
        var began = false
        override func onTrainBegin(logs: Logs) { began = true }
    }

    /// Expects `body` to throw a KerasError whose message contains every one of `words`, with no
    /// training step taken on `model`.
    func expectRejected(_ model: Model, _ words: [String], _ body: (Probe) throws -> Void) {
        let before = TrainingFixtures.flatWeights(model)
        let probe = Probe()
        #expect {
            try body(probe)
        } throws: { error in
            guard let error = error as? KerasError else { return false }
            return words.allSatisfy { error.message.contains($0) }
        }
        #expect(!probe.began)
        #expect(TrainingFixtures.flatWeights(model) == before)
    }

    /// Inputs `a` [2] and `b` [3]; outputs `out1` [1] and `out2` [2].
    func twoByTwoModel() throws -> Model {
        let a = Input(shape: [2], name: "a"), b = Input(shape: [3], name: "b")
        let merged = try concatenate([a, b])
        let out1 = try Dense(1, name: "out1")(merged), out2 = try Dense(2, name: "out2")(merged)
        return try Model(inputs: [a, b], outputs: [out1, out2])
    }

    @Test func differentSampleCountsInXAndY() throws {
        let model = try TrainingFixtures.linearModel()
        let y7 = Tensor(Array(TrainingFixtures.y.doubles.prefix(7)), shape: [7, 1], dtype: .float32)
        expectRejected(model, ["`y`", "8", "7"]) { probe in
            try model.fit(TrainingFixtures.x, y7, verbose: 0, callbacks: [probe])
        }
    }

    @Test func aNamedInputMissingFromADictionary() throws {
        let model = try twoByTwoModel()
        try model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let y: [String: Tensor] = ["out1": Tensor(shape: [4, 1]), "out2": Tensor(shape: [4, 2])]
        expectRejected(model, ["`x`", "\"b\""]) { probe in
            try model.fit(["a": Tensor(shape: [4, 2])], y, verbose: 0, callbacks: [probe])
        }
        expectRejected(model, ["`y`", "\"out2\""]) { probe in
            try model.fit(["a": Tensor(shape: [4, 2]), "b": Tensor(shape: [4, 3])], ["out1": Tensor(shape: [4, 1])],
                          verbose: 0, callbacks: [probe])
        }
    }

    @Test func anUnknownOutputNameInTheLoss() throws {
        let model = try twoByTwoModel()
        #expect {
            try model.compile(optimizer: SGD(), loss: ["out1": .meanSquaredError, "nope": .meanSquaredError])
        } throws: { error in
            (error as? KerasError)?.message.contains("\"nope\"") == true
        }
    }

    @Test func targetsOfTheWrongShapeForTheLoss() throws {
        let model = try TrainingFixtures.linearModel()
        expectRejected(model, ["Target", "(8, 3)", "(None, 1)"]) { probe in
            try model.fit(TrainingFixtures.x, Tensor(shape: [8, 3]), verbose: 0, callbacks: [probe])
        }
        let classifier = try Sequential([Dense(3, activation: .softmax, inputDim: 2)])
        try classifier.compile(optimizer: SGD(), loss: .categoricalCrossentropy())
        expectRejected(classifier, ["categorical_crossentropy", "sparse_categorical_crossentropy"]) { probe in
            try classifier.fit(TrainingFixtures.x, Tensor(shape: [8, 1]), verbose: 0, callbacks: [probe])
        }
    }

    @Test func validationSplitOutsideZeroToOne() throws {
        let model = try TrainingFixtures.linearModel()
        for split in [1.0, -0.1, 1.5] {
            expectRejected(model, ["validationSplit", "\(split)"]) { probe in
                try model.fit(TrainingFixtures.x, TrainingFixtures.y, verbose: 0, callbacks: [probe], validationSplit: split)
            }
        }
        // A split leaving no training sample is an error too (Keras's empty-split ValueError):
        // floor(8 · 0.1) = 0.
        expectRejected(model, ["validationSplit", "no training"]) { probe in
            try model.fit(TrainingFixtures.x, TrainingFixtures.y, verbose: 0, callbacks: [probe], validationSplit: 0.9)
        }
    }

    struct NoBatches: BatchSource {
        var batchCount: Int { 0 }
        func batch(at index: Int, epoch: Int) throws -> Batch { Batch(x: []) }
    }

    @Test func anEmptyDataset() throws {
        let model = try TrainingFixtures.linearModel()
        expectRejected(model, ["empty", "0 samples"]) { probe in
            try model.fit(Tensor(shape: [0, 2]), Tensor(shape: [0, 1]), verbose: 0, callbacks: [probe])
        }
        expectRejected(model, ["no batches"]) { probe in
            try model.fit(NoBatches(), verbose: 0, callbacks: [probe])
        }
    }
}
