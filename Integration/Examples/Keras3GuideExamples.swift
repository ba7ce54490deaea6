import Foundation
import Testing
import Keras

/// Programs from Keras 3's guides with only Swift's spelling changes (issue 16's "done when"):
/// a siamese network with a contrastive loss, a multi-input multi-output model with metric
/// objects, and int/float mixes. Sizes are scaled down; data and weights come from closed-form
/// waves (``wave(_:_:_:scale:offset:)``) that `Integration/Keras3Numbers/keras3_guide_examples.py`
/// computes the same way, and the expected numbers are what that script printed in Keras 3.15.1
/// (JAX backend), `shuffle=False`.
@Suite(.serialized) struct Keras3GuideExamples {
    /// `offset + scale · sin(a·i + b)` for `i = 0..<n`, as float32 (the script's `wave`).
    static func wave(_ n: Int, _ a: Double, _ b: Double, scale: Double = 1, offset: Double = 0) -> [Double] {
        (0..<n).map { Double(Float(offset + scale * sin(a * Double($0) + b))) }
    }

    /// Gives `layer` the kernel `wave(size, 0.7, seed) / sqrt(fanIn)` and keeps its bias (the
    /// script's `set_kernels`, which numbers the kernels in `model.weights` order).
    static func setKernel(_ layer: Layer, seed: Double) throws {
        var weights = layer.getWeights()
        let shape = weights[0].shape
        let fanIn = Double(shape.dropLast().reduce(1, *))
        weights[0] = Tensor(wave(shape.reduce(1, *), 0.7, seed, scale: 1 / fanIn.squareRoot()), shape: shape, dtype: .float32)
        try layer.setWeights(weights)
    }

    /// Expects `got` to be Keras's `expected` within `tolerance` (relative to the larger size).
    static func expectKeras(_ got: [Double], _ expected: [Double], tolerance: Double = 1e-5, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == expected.count, "\(what): \(got) vs Keras \(expected)", sourceLocation: sourceLocation)
        for (g, e) in zip(got, expected) where abs(g - e) > tolerance * max(1, abs(e)) {
            Issue.record("\(what): \(got), Keras 3 gives \(expected)", sourceLocation: sourceLocation)
            return
        }
    }

    // MARK: A custom loss with rank-1 targets (issue 16, item 1)

    /// `def mean_squared(t, p): return ops.mean(ops.square(t - p), axis=-1)` on targets `(4,)`
    /// and predictions `(4, 1)`: Keras 3 aligns the ranks first (0.0375), where broadcasting
    /// would give 0.3625.
    @Test func aCustomLossOnRankOneTargetsGivesKerasNumber() throws {
        let meanSquared = Loss(name: "mean_squared") { t, p in K.mean(K.square(t - p), axis: -1) }
        let probe = try Sequential([Dense(1, kernelInitializer: .ones, biasInitializer: .zeros, inputDim: 1)])
        try probe.compile(optimizer: "sgd", loss: meanSquared)
        let t = Tensor([0, 0, 1, 1]), p = Tensor([[0.1], [0.1], [0.7], [0.8]])
        let scores = try probe.evaluate(p, t, verbose: 0)
        Self.expectKeras([scores[0]], [0.03750000149011612], tolerance: 1e-6, "evaluate")
        Self.expectKeras([meanSquared(t, p).item], [0.03750000149011612], tolerance: 1e-6, "the loss called directly")
        // What the closure computes without the alignment: the (4, 4) broadcast.
        Self.expectKeras([K.mean(K.square(K.reshape(t, [1, 4]) - p)).item], [0.36249998211860657], tolerance: 1e-6, "broadcast")
    }

    // MARK: Siamese network with a contrastive loss (keras.io/examples/vision/siamese_contrastive)

    /// The guide's `loss(margin)`: a closure over `margin`, `y_true` of rank 1 (the pair labels)
    /// against `y_pred` `(batch, 1)`.
    static func contrastiveLoss(margin: Double = 1) -> Loss {
        Loss(name: "contrastive_loss") { yTrue, yPred in
            let squarePred = K.square(yPred)
            let marginSquare = K.square(K.maximum(margin - yPred, 0))
            return K.mean((1 - yTrue) * squarePred + yTrue * marginSquare)
        }
    }

    @Test func siameseNetworkWithAContrastiveLossTrainsAsInKeras() throws {
        // The guide's `euclidean_distance`, as a Lambda over the two towers.
        func euclideanDistance(_ vects: [Tensor]) -> Tensor {
            let sumSquare = K.sum(K.square(vects[0] - vects[1]), axis: 1, keepDims: true)
            return K.sqrt(K.maximum(sumSquare, K.epsilon()))
        }
        let input = Input(shape: [28, 28, 1])
        let conv1 = Conv2D(4, kernelSize: [5, 5], activation: "tanh")
        let conv2 = Conv2D(16, kernelSize: 5, activation: "tanh")
        let dense = Dense(10, activation: "tanh")
        var x = try BatchNormalization()(input)
        x = try conv1(x)
        x = try AveragePooling2D(poolSize: [2, 2])(x)
        x = try conv2(x)
        x = try AveragePooling2D(poolSize: 2)(x)
        x = try Flatten()(x)
        x = try BatchNormalization()(x)
        x = try dense(x)
        let embeddingNetwork = try Model(inputs: input, outputs: x)

        let input1 = Input(shape: [28, 28, 1])
        let input2 = Input(shape: [28, 28, 1])
        let tower1 = try embeddingNetwork(input1)
        let tower2 = try embeddingNetwork(input2)
        let mergeLayer = try Lambda(euclideanDistance, outputShape: [1])([tower1, tower2])
        let normalLayer = try BatchNormalization()(mergeLayer)
        let head = Dense(1, activation: "sigmoid")
        let outputLayer = try head(normalLayer)
        let siamese = try Model(inputs: [input1, input2], outputs: outputLayer)
        for (seed, layer) in [conv1, conv2, dense, head].enumerated() { try Self.setKernel(layer, seed: 1 + Double(seed)) }

        try siamese.compile(optimizer: "RMSprop", loss: Self.contrastiveLoss(margin: 1), metrics: ["accuracy"])
        let n = 16
        let x1 = Tensor(Self.wave(n * 784, 0.37, 1, scale: 0.5, offset: 0.5), shape: [n, 28, 28, 1], dtype: .float32)
        let x2 = Tensor(Self.wave(n * 784, 0.53, 2, scale: 0.5, offset: 0.5), shape: [n, 28, 28, 1], dtype: .float32)
        let labels = Tensor((0..<n).map { $0 % 3 == 0 ? 1.0 : 0.0 }, shape: [n], dtype: .float32)   // rank 1

        let before = try siamese.evaluate([x1, x2], labels, batchSize: 8, verbose: 0)
        #expect(before.names == ["loss", "accuracy"])
        Self.expectKeras(before.items.map(\.value), [0.2479933500289917, 0.625], "evaluate before training")
        let history = try siamese.fit([x1, x2], labels, batchSize: 8, epochs: 2, verbose: 0, shuffle: false)
        Self.expectKeras(history.history["loss"] ?? [], [0.35091838240623474, 0.24045388400554657], "history loss")
        Self.expectKeras(history.history["accuracy"] ?? [], [0.3125, 0.6875], "history accuracy")
        let after = try siamese.evaluate([x1, x2], labels, batchSize: 8, verbose: 0)
        Self.expectKeras(after.items.map(\.value), [0.24090424180030823, 0.625], "evaluate after training")
        let predicted: Tensor = try siamese.predict([K.slice(x1, start: [0, 0, 0, 0], size: [4, 28, 28, 1]),
                                                     K.slice(x2, start: [0, 0, 0, 0], size: [4, 28, 28, 1])])
        Self.expectKeras(predicted.doubles, [0.4709608554840088, 0.46138837933540344, 0.4814440608024597, 0.4787607192993164],
                         "predict after training")
    }

    // MARK: Multi-input, multi-output model with metric objects

    /// The training & evaluation guide's "Passing data to multi-input, multi-output models"
    /// (images and time series, a Conv2D and a Conv1D branch), with two binary heads `a` and `b`
    /// and an `AUC()` object on each: Keras 3 logs `a_auc` and `b_auc_1`.
    @Test func multiOutputModelWithMetricObjectsLogsKerasKeysAndNumbers() throws {
        K.clearSession()   // unnamed metric objects are numbered per session: auc, auc_1
        let imageInput = Input(shape: [8, 8, 3], name: "img_input")
        let timeseriesInput = Input(shape: [6, 4], name: "ts_input")
        let conv2d = Conv2D(3, kernelSize: 3), conv1d = Conv1D(3, kernelSize: 3)
        var x1 = try conv2d(imageInput)
        x1 = try GlobalMaxPooling2D()(x1)
        var x2 = try conv1d(timeseriesInput)
        x2 = try GlobalMaxPooling1D()(x2)
        let x = try concatenate([x1, x2])
        let aLayer = Dense(1, activation: "sigmoid", name: "a"), bLayer = Dense(1, activation: "sigmoid", name: "b")
        let model = try Model(inputs: [imageInput, timeseriesInput], outputs: [try aLayer(x), try bLayer(x)])
        for (seed, layer) in [conv2d, conv1d, aLayer, bLayer].enumerated() { try Self.setKernel(layer, seed: 2 + Double(seed)) }
        try model.compile(optimizer: RMSprop(learningRate: 1e-3),
                          loss: ["a": .binaryCrossentropy(), "b": .binaryCrossentropy()],
                          metrics: ["a": [.metric(try AUC())], "b": [.metric(try AUC())]])

        let m = 12
        let inputs = ["img_input": Tensor(Self.wave(m * 8 * 8 * 3, 0.29, 0.5), shape: [m, 8, 8, 3], dtype: .float32),
                      "ts_input": Tensor(Self.wave(m * 6 * 4, 0.41, 1.5), shape: [m, 6, 4], dtype: .float32)]
        let targets = ["a": Tensor((0..<m).map { $0 % 2 == 0 ? 1.0 : 0.0 }, shape: [m, 1], dtype: .float32),
                       "b": Tensor((0..<m).map { $0 % 4 < 1 ? 1.0 : 0.0 }, shape: [m, 1], dtype: .float32)]
        let history = try model.fit(inputs, targets, batchSize: 4, epochs: 2, verbose: 0, shuffle: false)
        #expect(Set(history.history.keys) == ["a_auc", "a_loss", "b_auc_1", "b_loss", "loss"])
        let keras: [String: [Double]] = [
            "a_auc": [0.4583333432674408, 0.5], "a_loss": [0.6983969807624817, 0.6993434429168701],
            "b_auc_1": [0.3888888955116272, 0.5185185074806213], "b_loss": [0.691443920135498, 0.6604858040809631],
            "loss": [1.3898409605026245, 1.359829306602478],
        ]
        for (key, expected) in keras { Self.expectKeras(history.history[key] ?? [], expected, "history \(key)") }

        let scores = try model.evaluate(inputs, targets, batchSize: 4, verbose: 0)
        let evaluated: [String: Double] = ["a_auc": 0.5833333730697632, "a_loss": 0.6998178958892822, "b_auc_1": 0.5,
                                           "b_loss": 0.6482324004173279, "loss": 1.3480502367019653]
        #expect(Set(scores.names) == Set(evaluated.keys))
        for (key, expected) in evaluated { Self.expectKeras([scores[key] ?? .nan], [expected], "evaluate \(key)") }
    }

    // MARK: Int and float mixed (keras.backend.result_type)

    @Test func intAndFloatMixAsInKeras() throws {
        let i32 = Tensor([1, 2, 3], dtype: .int32)
        func expect(_ t: Tensor, _ dtype: DType, _ values: [Double], _ what: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(t.dtype == dtype, "\(what): \(t.dtype), Keras \(dtype)", sourceLocation: sourceLocation)
            #expect(t.doubles == values, "\(what): \(t.doubles), Keras \(values)", sourceLocation: sourceLocation)
        }
        // ops.add(int32 [1, 2, 3], 1.5) and the others, as Keras 3.15.1 prints them.
        expect(i32 + 1.5, .float32, [2.5, 3.5, 4.5], "int32 + 1.5")
        expect(i32 + 1, .int32, [2, 3, 4], "int32 + 1")
        expect(i32 + Tensor([0.5, 0.5, 0.5], dtype: .float32), .float32, [1.5, 2.5, 3.5], "int32 + float32")
        expect(K.divide(i32, Tensor([2, 2, 2], dtype: .int32)), .float32, [0.5, 1, 1.5], "int32 / int32")
        expect(K.less(Tensor([10, 12, 14], dtype: .int32), Tensor(scalar: 12.5)), .bool, [1, 1, 0], "int32 < float32")
        expect(i32 * 0.5, .float32, [0.5, 1, 1.5], "int32 * 0.5")
        expect(Tensor([200, 100], dtype: .uint8) + Tensor([100, 1], dtype: .int32), .int32, [300, 101], "uint8 + int32")
        expect(Tensor([1, 0], dtype: .bool) + 1, .int32, [2, 1], "bool + 1")

        // keras.backend.result_type for every pair of the 8-, 16- and 32-bit dtypes (Keras on
        // JAX narrows 64-bit results to 32 bits; SwiftKeras keeps them, as Keras on TensorFlow).
        let keras: [DType: [DType: DType]] = [
            .bool: [.bool: .bool, .uint8: .uint8, .int32: .int32, .float32: .float32],
            .uint8: [.bool: .uint8, .uint8: .uint8, .int32: .int32, .float32: .float32],
            .int32: [.bool: .int32, .uint8: .int32, .int32: .int32, .float32: .float32],
            .float32: [.bool: .float32, .uint8: .float32, .int32: .float32, .float32: .float32],
        ]
        for (a, row) in keras {
            for (b, result) in row { #expect(DType.result(a, b) == result, "result_type(\(a), \(b))") }
        }

        // An int32 input scaled by 0.5 in a Lambda (float32 from then on) and read by a Dense.
        let ids = Input(shape: [3], dtype: .int32)
        let scaled = try Lambda { $0 * 0.5 }(ids)
        #expect(scaled.dtype == .float32)
        let mixed = try Model(inputs: ids, outputs: try Dense(2, kernelInitializer: .ones, biasInitializer: .zeros)(scaled))
        let predicted: Tensor = try mixed.predict(Tensor([[1, 2, 3], [4, 5, 7]], dtype: .int32))
        #expect(predicted.doubles == [3, 3, 8, 8])
    }
}
