import Foundation
import Testing
import Keras

/// The functional guide's headline model — a headline read by an LSTM (`main_input`), extra
/// features (`aux_input`), a main and an auxiliary output — trained end to end with a loss per
/// output, `lossWeights`, a validation split, and the training callbacks: EarlyStopping,
/// CSVLogger, LearningRateScheduler and a LambdaCallback. Sizes are scaled down (vocabulary
/// 100, headlines of 12 tokens, 96 samples).
@Suite struct MultiInputMultiOutputTraining {
    static let samples = 96

    /// Headlines whose first token decides the auxiliary label; extra features whose first
    /// column decides the main label (with the auxiliary label).
    static func data() -> (headlines: Tensor, extra: Tensor, main: Tensor, aux: Tensor) {
        K.setRandomSeed(1234)
        let headlines = K.cast(K.randomUniform([samples, 12], minval: 0, maxval: 100, seed: 11), .int32)
        let extra = K.randomUniform([samples, 5], seed: 12)
        let firstTokens = headlines.doubles.enumerated().filter { $0.offset % 12 == 0 }.map(\.element)
        let aux = firstTokens.map { $0 < 50 ? 1.0 : 0.0 }
        let firstFeatures = extra.doubles.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        let main = zip(firstFeatures, aux).map { feature, a in (feature > 0.5) != (a == 1) ? 1.0 : 0.0 }
        return (headlines, extra, Tensor(main, shape: [samples, 1], dtype: .float32),
                Tensor(aux, shape: [samples, 1], dtype: .float32))
    }

    static func model() throws -> Model {
        let mainInput = Input(shape: [12], name: "main_input", dtype: .int32)
        let embedded = try Embedding(100, 16)(mainInput)
        let lstmOut = try LSTM(16)(embedded)
        let auxOutput = try Dense(1, activation: "sigmoid", name: "aux_output")(lstmOut)
        let auxInput = Input(shape: [5], name: "aux_input")
        var x = try concatenate([lstmOut, auxInput])
        x = try Dense(32, activation: "relu")(x)
        x = try Dense(32, activation: "relu")(x)
        let mainOutput = try Dense(1, activation: "sigmoid", name: "main_output")(x)
        return try Model(inputs: [mainInput, auxInput], outputs: [mainOutput, auxOutput])
    }

    @Test func trainsWithALossPerOutputLossWeightsAndCallbacks() throws {
        let (headlines, extra, mainLabels, auxLabels) = Self.data()
        let model = try Self.model()
        try model.compile(optimizer: RMSprop(learningRate: 0.01),
                          loss: ["main_output": .binaryCrossentropy(), "aux_output": .binaryCrossentropy()],
                          lossWeights: ["main_output": 1.0, "aux_output": 0.2])

        let csvPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("mimo-\(UInt32.random(in: 0...UInt32.max)).csv").path
        defer { try? FileManager.default.removeItem(atPath: csvPath) }
        var batchLosses: [Double] = []
        var scheduled: [Int] = []
        let callbacks: [Callback] = [
            EarlyStopping(monitor: "val_loss", patience: 4, restoreBestWeights: true),
            // Before the CSVLogger, so the `learning_rate` it adds to the logs reaches the file.
            LearningRateScheduler { epoch, lr in
                scheduled.append(epoch)
                return epoch < 4 ? lr : lr * 0.5
            },
            CSVLogger(csvPath),
            LambdaCallback(onTrainBatchEnd: { _, logs in batchLosses.append(logs["loss"]!) }),
        ]
        let epochs = 8
        let history = try model.fit(["main_input": headlines, "aux_input": extra],
                                    ["main_output": mainLabels, "aux_output": auxLabels],
                                    batchSize: 24, epochs: epochs, verbose: 0, callbacks: callbacks,
                                    validationSplit: 0.25)

        let run = history.epoch.count
        #expect(run >= 2 && run <= epochs)
        #expect(Set(history.history.keys) == ["loss", "main_output_loss", "aux_output_loss", "val_loss",
                                              "val_main_output_loss", "val_aux_output_loss", "learning_rate"])
        // 72 training samples in batches of 24: 3 batches per epoch.
        #expect(batchLosses.count == 3 * run)
        #expect(scheduled == Array(0..<run))

        let loss = history.history["loss"]!, main = history.history["main_output_loss"]!
        let aux = history.history["aux_output_loss"]!
        #expect(loss.last! < loss.first!)
        for e in 0..<run {
            // The total is the weighted sum of the per-output losses (no regularization here).
            #expect(abs(loss[e] - (main[e] + 0.2 * aux[e])) <= 1e-5 * loss[e])
            let valLoss = history.history["val_loss"]![e]
            let expected = history.history["val_main_output_loss"]![e] + 0.2 * history.history["val_aux_output_loss"]![e]
            #expect(abs(valLoss - expected) <= 1e-5 * valLoss)
        }
        // The learning rate halves from epoch 4 on.
        let rates = history.history["learning_rate"]!
        #expect(rates[0] == Double(Float(0.01)))
        if run > 4 { #expect(abs(rates[4] - 0.005) < 1e-9) }

        // The CSV file holds the same numbers.
        let rows = try String(contentsOfFile: csvPath, encoding: .utf8).components(separatedBy: "\r\n").dropLast()
        #expect(rows.first == "epoch,aux_output_loss,learning_rate,loss,main_output_loss,val_aux_output_loss,val_loss,val_main_output_loss")
        #expect(rows.count == run + 1)
        for (e, row) in rows.dropFirst().enumerated() {
            let fields = row.split(separator: ",").map { Double($0)! }
            #expect(fields[0] == Double(e))
            #expect(fields[3] == loss[e])
            #expect(fields[6] == history.history["val_loss"]![e])
        }

        // Restored to the best epoch: evaluating on the validation part gives its val_loss.
        let valLosses = history.history["val_loss"]!
        let best = valLosses.min()!
        let tail = 72..<Self.samples
        let scores = try model.evaluate(["main_input": rowsOf(headlines, tail), "aux_input": rowsOf(extra, tail)],
                                        ["main_output": rowsOf(mainLabels, tail), "aux_output": rowsOf(auxLabels, tail)],
                                        batchSize: 24)
        #expect(abs(scores["loss"]! - best) <= 1e-5 * best)
    }

    func rowsOf(_ t: Tensor, _ range: Range<Int>) -> Tensor {
        let width = t.count / t.shape[0]
        let values = Array(t.doubles[(range.lowerBound * width)..<(range.upperBound * width)])
        return Tensor(values, shape: [range.count] + Array(t.shape.dropFirst()), dtype: t.dtype)
    }
}
