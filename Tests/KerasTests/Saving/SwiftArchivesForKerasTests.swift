import Foundation
import Testing
@testable import Keras

/// Writes `.keras` archives made here, with inputs and this library's predictions, for
/// Integration/KerasInterop/check_swift_archives.py, which loads them in Python Keras 3.15.1
/// and checks the predictions (and, for compiled models, that `fit` continues). scripts/test.sh
/// sets `SWIFTKERAS_INTEROP_DIR`; without it the files go to a scratch directory and the test
/// checks the archives load back here.
@Suite struct SwiftArchivesForKerasTests {
    struct Case {
        let name: String
        let model: Model
        let inputs: [String: Tensor]
        /// Training data for compiled models (fit here first, and continued in Python).
        let fitData: (x: [Tensor], y: [Tensor])?
    }

    static func cases() throws -> [Case] {
        var cases: [Case] = []
        do {
            let model = try Sequential([InputLayer(batchShape: [nil, 6], name: "features"), Dense(8, activation: .relu),
                                        Dropout(0.2), Dense(3, activation: .softmax)], name: "swift_mlp")
            try model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy(), metrics: ["accuracy"])
            let x = randomTensor([16, 6], dtype: .float32, seed: 21)
            let y = Tensor((0..<16).map { Float($0 % 3) }, shape: [16])
            _ = try model.fit(x, y, batchSize: 8, epochs: 2, verbose: 0)
            cases.append(Case(name: "swift_mlp", model: model, inputs: ["features": randomTensor([4, 6], dtype: .float32, seed: 22)],
                              fitData: ([x], [y])))
        }
        do {
            let model = try Sequential([InputLayer(batchShape: [nil, 8, 8, 1], name: "image"),
                                        Conv2D(4, kernelSize: [3, 3], padding: .same, activation: "relu"), BatchNormalization(),
                                        MaxPooling2D(poolSize: [2, 2]), Flatten(), Dense(2)], name: "swift_cnn")
            try model.compile(optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .meanSquaredError)
            let x = randomTensor([8, 8, 8, 1], dtype: .float32, seed: 23), y = randomTensor([8, 2], dtype: .float32, seed: 24)
            _ = try model.fit(x, y, batchSize: 4, epochs: 1, verbose: 0)
            cases.append(Case(name: "swift_cnn", model: model, inputs: ["image": randomTensor([3, 8, 8, 1], dtype: .float32, seed: 25)],
                              fitData: ([x], [y])))
        }
        do {
            let tokens = Input(shape: [5], name: "tokens", dtype: .int32)
            var x = try Embedding(10, 4, maskZero: true)(tokens)
            x = try LSTM(3)(x)
            let model = try Model(inputs: [tokens], outputs: [try Dense(1, activation: .sigmoid)(x)], name: "swift_embedding_lstm")
            let ids = Tensor([3, 1, 4, 0, 0, 5, 9, 2, 6, 5, 1, 1, 8, 0, 0] as [Int32], shape: [3, 5])
            cases.append(Case(name: "swift_embedding_lstm", model: model, inputs: ["tokens": ids], fitData: nil))
        }
        do {
            let seq = Input(shape: [4, 3], name: "sequence")
            var x = try Bidirectional(GRU(2, returnSequences: true))(seq)
            x = try TimeDistributed(Dense(2, activation: .tanh))(x)
            let model = try Model(inputs: [seq], outputs: [x], name: "swift_bidirectional")
            cases.append(Case(name: "swift_bidirectional", model: model, inputs: ["sequence": randomTensor([2, 4, 3], dtype: .float32, seed: 26)],
                              fitData: nil))
        }
        do {
            let a = Input(shape: [3], name: "left"), b = Input(shape: [3], name: "right")
            let shared = Dense(4, activation: .relu, name: "shared")
            let head = try Sequential([Dense(2, name: "head_dense", inputShape: [4])], name: "head")
            let sum = try Add()([try shared(a), try shared(b)])
            let score = try head(sum)
            let flag = try Dense(1, activation: .sigmoid, name: "flag")(try Concatenate()([sum, a]))
            let model = try Model(inputs: [a, b], outputs: [score, flag], name: "swift_multi_input")
            try model.compile(optimizer: RMSprop(learningRate: 0.01), loss: [Loss.meanSquaredError, Loss.binaryCrossentropy()])
            let xa = randomTensor([8, 3], dtype: .float32, seed: 27), xb = randomTensor([8, 3], dtype: .float32, seed: 28)
            let ys = randomTensor([8, 2], dtype: .float32, seed: 29), yf = Tensor((0..<8).map { Float($0 % 2) }, shape: [8, 1])
            _ = try model.fit([xa, xb], [ys, yf], batchSize: 4, epochs: 1, verbose: 0)
            cases.append(Case(name: "swift_multi_input", model: model,
                              inputs: ["left": randomTensor([3, 3], dtype: .float32, seed: 30), "right": randomTensor([3, 3], dtype: .float32, seed: 31)],
                              fitData: ([xa, xb], [ys, yf])))
        }
        do {
            // The generic RNN around each cell, a SimpleRNN layer, Nadam and metric objects.
            let seq = Input(shape: [5, 3], name: "sequence")
            var x = try RNN(LSTMCell(4), returnSequences: true)(seq)
            x = try RNN(GRUCell(3), returnSequences: true, goBackwards: true)(x)
            x = try RNN(SimpleRNNCell(3), returnSequences: true)(x)
            x = try SimpleRNN(2, activation: "relu")(x)
            let model = try Model(inputs: [seq], outputs: [try Dense(1, activation: .sigmoid)(x)], name: "swift_rnn_cells")
            try model.compile(optimizer: Nadam(learningRate: 0.01), loss: .binaryCrossentropy(),
                              metrics: [.metric(try AUC(numThresholds: 50)), .metric(Precision(threshold: 0.4)),
                                        .metric(Metric.binaryAccuracy(threshold: 0.6)), "accuracy"])
            let x0 = randomTensor([8, 5, 3], dtype: .float32, seed: 32)
            let y0 = Tensor((0..<8).map { Float($0 % 2) }, shape: [8, 1])
            _ = try model.fit(x0, y0, batchSize: 4, epochs: 1, verbose: 0)
            cases.append(Case(name: "swift_rnn_cells", model: model, inputs: ["sequence": randomTensor([3, 5, 3], dtype: .float32, seed: 33)],
                              fitData: ([x0], [y0])))
        }
        return cases
    }

    @Test func writesArchivesForPythonKeras() throws {
        let dir = try ProcessInfo.processInfo.environment["SWIFTKERAS_INTEROP_DIR"] ?? makeScratchDirectory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for c in try Self.cases() {
            let base = dir + "/" + c.name
            let inputNames = try c.model.inputs.map(\.layer.name)
            let outputNames = try c.model.outputs.map(\.layer.name)
            let inputs = inputNames.map { c.inputs[$0]! }
            let outputs: [Tensor] = try c.model.predict(inputs)
            try c.model.save(base + ".keras")
            try Tensor.save(npz: base + ".inputs.npz", c.inputs)
            try Tensor.save(npz: base + ".outputs.npz", Dictionary(uniqueKeysWithValues: zip(outputNames, outputs)))
            var meta: [String: JSONValue] = [
                "inputs": .array(inputNames.map(JSONValue.string)), "outputs": .array(outputNames.map(JSONValue.string)),
                "rtol": .number(1e-4), "atol": .number(1e-5),
                "iterations": .number(Double(c.model.optimizer?.iterations ?? 0)),
                "compiled": .bool(c.model.optimizer != nil),
            ]
            if let fit = c.fitData {
                try Tensor.save(npz: base + ".fit_x.npz", Dictionary(uniqueKeysWithValues: zip(inputNames, fit.x)))
                try Tensor.save(npz: base + ".fit_y.npz", Dictionary(uniqueKeysWithValues: zip(outputNames, fit.y)))
                meta["fit"] = .bool(true)
            }
            if let nadam = c.model.optimizer as? Nadam { meta["u_product"] = .number(Double(nadam.uProduct)) }
            try ModelSerializer.text(.object(meta)).write(toFile: base + ".json", atomically: true, encoding: .utf8)
            // What Python will load also loads here, predicting the same bits.
            let again = try loadModel(base + ".keras")
            #expect(identical(try again.predict(inputs) as [Tensor], outputs), "\(c.name)")
            #expect(again.optimizer?.iterations == c.model.optimizer?.iterations, "\(c.name)")
        }
    }
}
