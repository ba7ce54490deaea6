import Testing
import Keras
@testable import KerasCore

/// Losses, metric names, evaluate results and compile's names as Keras 3 has them.
@Suite(.serialized) struct KerasFidelityTrainingTests {
    @Test func customLossClosuresAreRankAligned() {
        // keras-surface.md §7: t (4,), p (4, 1), mean(square(t - p), axis=-1) -> 0.25 in Keras 3.
        let loss = Loss(name: "c") { t, p in K.mean(K.square(t - p), axis: -1) }
        let t = Tensor([1, 2, 3, 5]), p = Tensor([[1], [2], [3], [4]])
        #expect(abs(loss(t, p).item - 0.25) < 1e-7)
        // Worked example: differences 0.1, 0.1, 0.3, 0 -> mean of squares (0.01 + 0.01 + 0.09) / 4.
        let t2 = Tensor([0.1, 0.2, 0.3, 0.4]), p2 = Tensor([[0.2], [0.1], [0.6], [0.4]])
        #expect(abs(loss(t2, p2).item - 0.0275) < 1e-7)
        // The other way round (targets (n, 1), predictions (n,)) aligns too.
        #expect(abs(loss(p2, t2).item - 0.0275) < 1e-7)
    }

    @Test func squeezeOrExpandFollowsKeras() {
        let (a, b) = LossReduction.squeezeOrExpandToSameRank(Tensor([1, 2]), Tensor([[1], [2]]))
        #expect(a.shape == [2, 1] && b.shape == [2, 1])
        let (c, d) = LossReduction.squeezeOrExpandToSameRank(Tensor([[[1], [2]]]), Tensor([[1, 2]]))
        #expect(c.shape == [1, 2] && d.shape == [1, 2])
        let (e, f) = LossReduction.squeezeOrExpandToSameRank(Tensor([1, 2]), Tensor([[1, 2], [3, 4]]))
        #expect(e.shape == [2] && f.shape == [2, 2])   // no trailing 1: left alone
    }

    @Test func evaluateOfACustomLossMatchesKeras() throws {
        // A model whose prediction is its input (Dense(1) with kernel 1, bias 0) evaluates the
        // §7 case through compile: 0.25, as Keras 3's model.evaluate.
        let model = try Sequential([Dense(1, kernelInitializer: .ones, biasInitializer: .zeros, inputDim: 1)])
        try model.compile(optimizer: SGD(), loss: Loss(name: "c") { t, p in K.mean(K.square(t - p), axis: -1) })
        let scores = try model.evaluate(Tensor([[1], [2], [3], [4]]), Tensor([1, 2, 3, 5]))
        #expect(abs(scores[0] - 0.25) < 1e-6)
        #expect(scores.names == ["loss"])
    }

    /// Two outputs `a` and `b` (sigmoid of a fixed Dense) with an `AUC()` object each.
    private func twoOutputModel() throws -> Model {
        let input = Input(shape: [1])
        let a = try Dense(1, activation: "sigmoid", kernelInitializer: .ones, biasInitializer: .zeros, name: "a")(input)
        let b = try Dense(1, activation: "sigmoid", kernelInitializer: .constant(-1), biasInitializer: .zeros, name: "b")(input)
        return try Model(inputs: [input], outputs: [a, b])
    }

    @Test func metricObjectsOnSeveralOutputsGetUniqueNamesThenThePrefix() throws {
        K.clearSession()
        let model = try twoOutputModel()
        try model.compile(optimizer: "rmsprop", loss: ["a": .binaryCrossentropy(), "b": .binaryCrossentropy()],
                          metrics: ["a": [.metric(try AUC())], "b": [.metric(try AUC())]])
        let x = Tensor([[-2], [-1], [0.5], [1], [2]])
        let y = Tensor([[0], [1], [0], [1], [1]])
        let scores = try model.evaluate(x, ["a": y, "b": y])
        // Keras 3.15: history keys a_auc, a_loss, b_auc_1, b_loss, loss.
        #expect(Set(scores.names) == ["loss", "a_loss", "b_loss", "a_auc", "b_auc_1"])
        #expect(scores.names.first == "loss")
        // Output a is increasing in x: of the 6 (positive, negative) pairs 5 are ordered -> 5/6;
        // output b is decreasing: 1/6.
        #expect(abs(try #require(scores["a_auc"]) - 5.0 / 6) < 1e-6)
        #expect(abs(try #require(scores["b_auc_1"]) - 1.0 / 6) < 1e-6)
        let history = try model.fit(x, ["a": y, "b": y], epochs: 1, verbose: 0)
        #expect(Set(history.history.keys) == ["loss", "a_loss", "b_loss", "a_auc", "b_auc_1"])
    }

    @Test func sameNamedMetricsOnOneOutputAreNumbered() {
        let m = [[Mean(name: "m"), Mean(name: "m")], [Mean(name: "m")]]
        #expect(CompiledModel.logNames(m, outputNames: ["a", "b"]) == ["a_m", "a_m_1", "b_m"])
        #expect(CompiledModel.logNames([m[0]], outputNames: ["a"]) == ["m", "m_1"])
    }

    @Test func unnamedMetricObjectsAreNumberedPerSession() throws {
        K.clearSession()
        #expect(try AUC().name == "auc")
        #expect(try AUC().name == "auc_1")
        #expect(Precision().name == "precision")
        #expect(Precision().name == "precision_1")
        #expect(try AUC(name: "roc").name == "roc")
        K.clearSession()
        #expect(Recall().name == "recall")
    }

    @Test func compileThrowsOnMisspeltNames() throws {
        let model = try Sequential([Dense(1, inputDim: 2)])
        do {
            try model.compile(optimizer: "adam", loss: "mean_squared_eror")
            Issue.record("expected an error")
        } catch let error as KerasError {
            #expect(error.message.hasPrefix("Unknown loss: 'mean_squared_eror'. Did you mean 'mean_squared_error'?"))
        }
        #expect(throws: KerasError.self) { try model.compile(optimizer: "adamm", loss: "mse") }
        do {
            try model.compile(optimizer: "adam", loss: "mse", metrics: ["acuracy"])
            Issue.record("expected an error")
        } catch let error as KerasError {
            #expect(error.message.contains("Unknown metric: 'acuracy'. Did you mean 'accuracy'?"))
        }
        try model.compile(optimizer: "adam", loss: "mse", metrics: ["mae", "binary_accuracy"])
        #expect(model.optimizer is Adam)
    }

    @Test func metricNamedAcceptsEveryNameCompileAccepts() throws {
        for name in ["accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
                     "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "precision", "recall", "auc",
                     "mse", "mae", "mean_squared_error", "binary_crossentropy", "AUC", "BinaryAccuracy"] {
            #expect(try Metric.named(name).name == name)
        }
        // "accuracy" outside compile picks binary accuracy for one column, as compile does.
        let accuracy = try Metric.named("accuracy")
        accuracy.updateState(yTrue: Tensor([[1], [0], [1], [1]]), yPred: Tensor([[0.9], [0.2], [0.4], [0.7]]))
        #expect(accuracy.result() == 0.75)
        let binary = try Metric.named("binary_accuracy")
        binary.updateState(yTrue: Tensor([1, 0]), yPred: Tensor([[0.9], [0.6]]))
        #expect(binary.result() == 0.5)
    }

    @Test func evaluateResultsAreOrderedAndIndexableByName() throws {
        let model = try TrainingFixtures.linearModel(metrics: ["mae"])
        let scores = try model.evaluate(TrainingFixtures.x, TrainingFixtures.y, batchSize: 8)
        #expect(scores.names == ["loss", "mae"])
        #expect(scores.count == 2)
        #expect(scores[0] == scores["loss"])
        #expect(scores[1] == scores["mae"])
        #expect(scores["nope"] == nil)
        #expect(scores.dictionary == ["loss": scores[0], "mae": scores[1]])
    }
}
