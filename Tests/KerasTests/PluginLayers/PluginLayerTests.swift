import Foundation
import Testing
import Keras
@testable import KerasCore

/// The SeedLayers plugin's layer classes: built and called through the ABI, their weights host
/// Variables, their computation in the host's autodiff graph.
@Suite(.serialized) struct PluginLayerTests {
    /// `MyLayer` written in-process, the reference for the plugin's.
    final class InProcessMyLayer: Layer {
        let outputDim: Int
        var kernel: Variable!
        init(outputDim: Int) { self.outputDim = outputDim; super.init() }
        override func build(inputShape: [Int?]) throws {
            kernel = addWeight(name: "kernel", shape: [inputShape[1]!, outputDim], initializer: "uniform")
        }
        override func call(_ x: Tensor, training: Bool) throws -> Tensor { K.dot(x, kernel.value) }
        override func computeOutputShape(_ s: [Int?]) throws -> [Int?] { [s[0], outputDim] }
    }

    @Test func registeredAndBareNamesBuildTheLayer() throws {
        guard SeedLayersFixture.load() else { return }
        let full = try SeedLayersFixture.layer("SeedLayers>MyLayer", ["output_dim": .number(3)])
        let bare = try SeedLayersFixture.layer("MyLayer", ["output_dim": .number(3), "name": .string("bare_my_layer")])
        #expect(full is PluginLayer && bare is PluginLayer)
        // Keras 3's form: the bare class name, the registered name beside it.
        #expect(full.className == "MyLayer" && (full as? PluginLayer)?.registeredName == "SeedLayers>MyLayer")
        #expect(bare.name == "bare_my_layer")
        let y = try full(Input(shape: [5]))
        #expect(y.shape == [nil, 3])
        #expect(full.weights.map(\.shape) == [[5, 3]])
        #expect(full.weights[0].name.hasSuffix("/kernel"))
        // getConfig: the plugin's keys and the base keys; the serialized object carries the
        // bare class name with the registered name beside it.
        let config = full.getConfig()
        #expect(config["output_dim"] == .number(3))
        #expect(config["registered_name"] == nil)
        #expect(config["name"] == .string(full.name))
        let object = ModelSerializer.serialize(full)
        #expect(object["class_name"] == .string("MyLayer") && object["registered_name"] == .string("SeedLayers>MyLayer"))
        #expect(try LayerRegistry.layer(from: object).getConfig() == config)
        // The loader resolves the registered name first, whatever the class name says.
        let renamed: JSONValue = .object(["class_name": .string("SomethingElse"), "registered_name": .string("SeedLayers>MyLayer"),
                                          "config": .object(["output_dim": .number(2)])])
        #expect(try (LayerRegistry.layer(from: renamed) as? PluginLayer)?.registeredName == "SeedLayers>MyLayer")
    }

    @Test func forwardIsTheDotWithTheHostKernel() throws {
        guard SeedLayersFixture.load() else { return }
        let layer = try SeedLayersFixture.layer("SeedLayers>MyLayer", ["output_dim": .number(3)])
        let x = K.randomUniform([4, 5], minval: -1, maxval: 1, seed: 3)
        let y: Tensor = try layer(x)
        #expect(SeedLayersFixture.worst(y, K.dot(x, layer.weights[0].numpy)) < 1e-6)
    }

    @Test func gradientsMatchTheInProcessLayerAndFiniteDifferences() throws {
        guard SeedLayersFixture.load() else { return }
        let plugin = try SeedLayersFixture.layer("SeedLayers>MyLayer", ["output_dim": .number(3), "dtype": .string("float64")])
        let local = InProcessMyLayer(outputDim: 3)
        let x = K.cast(K.randomUniform([4, 5], minval: -1, maxval: 1, seed: 5), .float64)
        _ = try plugin(x)
        _ = try local(K.cast(x, .float32))
        let kernel = plugin.weights[0].numpy
        // The same layer in-process, in float64 with the plugin's kernel.
        let w = Variable(kernel, name: "w")
        func loss(_ y: Tensor) -> Tensor { K.sum(K.square(K.tanh(y))) }

        let tape = GradientTape()
        let watched = tape.watch(x)
        let pluginLoss: Tensor = try tape.record { loss(try plugin(watched)) }
        let pluginGrads = tape.gradient(pluginLoss, [watched]) + tape.gradient(pluginLoss, plugin.weights)

        let tape2 = GradientTape()
        let watched2 = tape2.watch(x)
        let localLoss = tape2.record { loss(K.dot(watched2, w.value)) }
        let localGrads = tape2.gradient(localLoss, [watched2]) + tape2.gradient(localLoss, [w])
        #expect(SeedLayersFixture.worst(pluginGrads[0], localGrads[0]) < 1e-12)
        #expect(SeedLayersFixture.worst(pluginGrads[1], localGrads[1]) < 1e-12)
        #expect(K.sum(K.abs(pluginGrads[1])).doubles[0] > 0, "the kernel gets a gradient through the plugin")

        // Finite differences of the plugin layer's loss with respect to its kernel.
        let numeric = try SeedLayersFixture.finiteDifferences(kernel) { k in
            plugin.weights[0].assign(k)
            defer { plugin.weights[0].assign(kernel) }
            let y: Tensor = try plugin(x)
            return loss(y).doubles[0]
        }
        let analytic = pluginGrads[1].doubles
        #expect(zip(numeric, analytic).allSatisfy { abs($0 - $1) < 1e-6 * (1 + abs($1)) }, "\(numeric) vs \(analytic)")
    }

    @Test func aModelWithThePluginLayerTrains() throws {
        guard SeedLayersFixture.load() else { return }
        let input = Input(shape: [6])
        let pluginLayer = try SeedLayersFixture.layer("SeedLayers>MyLayer", ["output_dim": .number(8)])
        let hidden = try pluginLayer(input)
        let output = try Dense(1)(hidden)
        let model = try Model(inputs: input, outputs: output)
        let x = K.randomUniform([64, 6], minval: -1, maxval: 1, seed: 11)
        let y = K.sum(x * Tensor([0.5, -1, 2, 0, 1, -0.5] as [Float], shape: [1, 6]), axis: 1, keepDims: true)
        try model.compile(optimizer: Adam(learningRate: 0.02), loss: .meanSquaredError)
        let before = pluginLayer.weights[0].numpy
        let history = try model.fit(x, y, batchSize: 16, epochs: 30, verbose: 0)
        let losses = try #require(history.history["loss"])
        #expect(losses.last! < 0.2 * losses.first!, "loss \(losses.first!) → \(losses.last!)")
        #expect(pluginLayer.weights[0].numpy.doubles != before.doubles, "the plugin layer's kernel is trained")
    }

    @Test func sameOutputsOnEveryBackend() throws {
        guard SeedLayersFixture.load() else { return }
        let layer = try SeedLayersFixture.layer("SeedLayers>AttentionDecoder", ["units": .number(6), "output_dim": .number(4)])
        let x = K.randomUniform([3, 5, 7], minval: -1, maxval: 1, seed: 17)
        let expected: Tensor = try ActiveBackend.withBackend(ReferenceBackend.shared) { try layer(x) }
        for name in ["openblas", "onednn"] {
            guard PluginFixtures.built(name == "openblas" ? "KerasOpenBLAS" : "KerasOneDNN") != nil else { continue }
            let backend = try BackendRegistry.backend(named: name)
            let got: Tensor = try ActiveBackend.withBackend(backend) { try layer(x) }
            #expect(got.shape == expected.shape)
            #expect(SeedLayersFixture.worst(got, expected) < 2e-5, "\(name)")
        }
    }

    @Test func attentionDecoderRunsForwardAndBackwardWithTheSeedShapes() throws {
        guard SeedLayersFixture.load() else { return }
        // The seed's use: an LSTM encoder returning sequences, then the decoder.
        let sequence = Input(shape: [6, 4])
        let encoded = try LSTM(8, returnSequences: true)(sequence)
        let decoder = try SeedLayersFixture.layer("AttentionDecoder", ["units": .number(8), "output_dim": .number(5)])
        let decoded = try decoder(encoded)
        #expect(decoded.shape == [nil, 6, 5])
        #expect(decoder.weights.count == 21)
        let model = try Model(inputs: sequence, outputs: decoded)
        let x = K.randomUniform([3, 6, 4], seed: 24)
        let out: Tensor = try model.predict(x)
        #expect(out.shape == [3, 6, 5])
        #expect(K.sum(out, axis: -1).doubles.allSatisfy { abs($0 - 1) < 1e-5 }, "each step is a softmax")
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: .categoricalCrossentropy())
        let targets = K.oneHot(K.cast(K.randomUniform([3, 6], minval: 0, maxval: 5, seed: 25), .int32), numClasses: 5)
        let before = decoder.getWeights()
        let history = try model.fit(x, targets, epochs: 5, verbose: 0)
        let losses = try #require(history.history["loss"])
        #expect(losses.last! < losses.first!)
        let changed = zip(before, decoder.getWeights()).filter { $0.doubles != $1.doubles }.count
        #expect(changed == 21, "every attention weight receives a gradient (\(changed) changed)")
        // With return_probabilities: the attention weights, each row a distribution.
        let probabilities = try SeedLayersFixture.layer("AttentionDecoder", ["units": .number(8), "output_dim": .number(5), "return_probabilities": .bool(true)])
        let p: Tensor = try probabilities(K.randomUniform([2, 6, 4], seed: 26))
        #expect(p.shape == [2, 6, 6])
        #expect(K.sum(p, axis: -1).doubles.allSatisfy { abs($0 - 1) < 1e-5 })
    }

    @Test func multiInputMultiOutputLayer() throws {
        guard SeedLayersFixture.load() else { return }
        let layer = try SeedLayersFixture.layer("SeedLayers>MyMultiIOLayer", ["output_dim": .number(3)])
        let a = Input(shape: [4]), b = Input(shape: [3])
        let outputs: [KerasTensor] = try layer([a, b])
        #expect(outputs.map(\.shape) == [[nil, 3], [nil]])
        let x = K.randomUniform([2, 4], seed: 1), z = K.randomUniform([2, 3], seed: 2)
        let results: [Tensor] = try layer([x, z])
        #expect(SeedLayersFixture.worst(results[0], K.dot(x, layer.weights[0].numpy) + z) < 1e-6)
        #expect(SeedLayersFixture.worst(results[1], K.mean(z, axis: -1)) < 1e-6)
    }

    @Test func aFailingCallThrowsWithThePluginsMessageAndTheLayerName() throws {
        guard SeedLayersFixture.load() else { return }
        let layer = try SeedLayersFixture.layer("SeedLayers>MyLayer", ["output_dim": .number(3), "name": .string("narrow")])
        _ = try layer(K.ones([2, 4]))
        // Built for 4 features; 5 do not fit the kernel: call_op refuses, the plugin returns it.
        let error = try #require(throws: KerasError.self) { let _: Tensor = try layer(K.ones([2, 5])) }
        #expect(error.message.contains("layer \"narrow\""), "\(error.message)")
        #expect(error.message.contains("SeedLayers>MyLayer"))
        #expect(error.message.contains("call_op(dot)") && error.message.contains("differs"), "\(error.message)")
        // And a bad config: create's error names the key.
        let bad = try #require(throws: KerasError.self) { _ = try SeedLayersFixture.layer("SeedLayers>MyLayer", [:]) }
        #expect(bad.message.contains("output_dim"), "\(bad.message)")
    }

    @Test func unknownClassNamesTheClassAndThePluginsSearched() throws {
        guard SeedLayersFixture.load() else { return }
        let error = try #require(throws: KerasError.self) { _ = try SeedLayersFixture.layer("Nowhere>Layer", [:]) }
        #expect(error.message.contains("'Nowhere>Layer'"))
        #expect(error.message.contains("Plugins searched") && error.message.contains("libKerasSeedLayers"), "\(error.message)")
    }
}
