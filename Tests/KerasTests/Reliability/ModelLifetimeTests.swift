import Foundation
import Testing
@testable import Keras

/// A model nobody uses any more is freed with its layers, weights and optimizer slots.
///
/// A node owns its layer and a tensor its node, but a layer lists its nodes weakly, so the
/// layer graph has no reference cycle (LayerGraph ↔ Node used to keep every model alive until
/// the process ended; docs/sanitizers.md). Each test drops every reference it made and checks,
/// through weak references, that the objects went away; and that a symbolic tensor still keeps
/// the layer that produced it, and node indices stay what Keras's `keras_history` says.
@Suite("Model lifetime", .serialized)
struct ModelLifetimeTests {
    /// Weak references to a model and everything it owns.
    final class Watch {
        private var objects: [(label: String, object: Weak)] = []
        struct Weak { weak var object: AnyObject? }

        /// Watches `model`, its layers (nested ones included), weights and optimizer slots.
        init(_ model: Model) {
            add("model \(model.name)", model)
            var stack: [Layer] = model.layers
            while let layer = stack.popLast() {
                add("layer \(layer.name)", layer)
                stack += layer.trackedLayers
                if let nested = layer as? Model, nested !== model { stack += nested.layers }
            }
            for variable in model.weights { add("weight \(variable.name)", variable) }
            if let optimizer = model.optimizer {
                add("optimizer \(optimizer.name)", optimizer)
                for slot in optimizer.slots { add("slot \(slot.name)", slot) }
            }
        }

        func add(_ label: String, _ object: AnyObject) { objects.append((label, Weak(object: object))) }

        /// How many objects are watched (so a test can check it watched something).
        var count: Int { objects.count }
        /// The labels of the objects still alive.
        var alive: [String] { objects.filter { $0.object.object != nil }.map(\.label) }
    }

    static let x = Tensor((0..<32).map { Double($0 % 7) / 7 }, shape: [8, 4], dtype: .float32)
    static let y = Tensor((0..<16).map { Double($0 % 3) / 3 }, shape: [8, 2], dtype: .float32)

    @Test func aFunctionalModelIsFreed() throws {
        var watch: Watch!
        do {
            let inputs = Input(shape: [4])
            let h = try Dense(3, activation: .relu)(inputs)
            let outputs = try Dense(2)(h)
            let model = try Model(inputs: inputs, outputs: outputs)
            _ = try model(Self.x)
            watch = Watch(model)
            #expect(watch.alive.count == watch.count)
        }
        #expect(watch.count == 1 + 1 + 2 + 4)   // model, input layer, 2 Dense, 4 weights
        #expect(watch.alive == [])
    }

    @Test func aSequentialIsFreedAfterCompileFitEvaluatePredict() throws {
        var watch: Watch!
        var callbackModel: Watch.Weak?
        do {
            let model = try Sequential([Dense(3, activation: .relu, inputDim: 4), Dense(2)])
            try model.compile(optimizer: Adam(), loss: "mse", metrics: ["mae"])
            let seen = LambdaCallback(onEpochEnd: { _, _ in })
            let stop = EarlyStopping(monitor: "loss", patience: 2, restoreBestWeights: true)
            let history = try model.fit(Self.x, Self.y, batchSize: 4, epochs: 2, verbose: 0,
                                        callbacks: [seen, stop], validationSplit: 0.25)
            #expect(history.history["loss"]?.count == 2)
            _ = try model.evaluate(Self.x, Self.y, verbose: 0)
            let predicted: Tensor = try model.predict(Self.x, verbose: 0)
            #expect(predicted.shape == [8, 2])
            callbackModel = Watch.Weak(object: stop.model)
            watch = Watch(model)
            watch.add("input layer", try model.input.layer)   // not one of a Sequential's layers
            #expect(watch.alive.count == watch.count)
        }
        // model, input layer, 2 Dense, 4 weights, the optimizer and its 2 slots per weight.
        #expect(watch.count == 1 + 1 + 2 + 4 + 1 + 8)
        #expect(watch.alive == [])
        #expect(callbackModel?.object == nil)
    }

    /// Models built and fitted one after another are all freed (a hyperparameter search).
    /// `SWIFTKERAS_LIFETIME_MODELS` sets how many (5 by default): `scripts/sanitize.sh leak`
    /// runs it with 1 and with 20 under LeakSanitizer, which must report the same at exit.
    @Test func modelsBuiltInALoopAreAllFreed() throws {
        let count = ProcessInfo.processInfo.environment["SWIFTKERAS_LIFETIME_MODELS"].flatMap(Int.init) ?? 5
        var watches: [Watch] = []
        for units in 0..<count {
            let model = try Sequential([Dense(8 + units, activation: .relu, inputDim: 4), Dense(2)])
            try model.compile(optimizer: Adam(), loss: "mse")
            _ = try model.fit(Self.x, Self.y, batchSize: 4, epochs: 2, verbose: 0)
            watches.append(Watch(model))
        }
        #expect(watches.count == count)
        #expect(watches.allSatisfy { $0.count == 16 })
        #expect(watches.flatMap(\.alive) == [])
    }

    @Test func savedAndLoadedModelsAreFreed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lifetime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.keras").path
        var saved: Watch!, loaded: Watch!
        do {
            let inputs = Input(shape: [4])
            let outputs = try Dense(2)(try Dense(3, activation: .tanh)(inputs))
            let model = try Model(inputs: inputs, outputs: outputs)
            try model.compile(optimizer: RMSprop(), loss: "mse")
            _ = try model.fit(Self.x, Self.y, epochs: 1, verbose: 0)
            try model.save(path)
            try model.saveWeights(to: directory.appendingPathComponent("model.weights.h5").path)
            let again = try loadModel(path)
            let expected: Tensor = try model.predict(Self.x)
            let found: Tensor = try again.predict(Self.x)
            #expect(SeedLayersFixture.worst(found, expected) < 1e-6)
            _ = try again.fit(Self.x, Self.y, epochs: 1, verbose: 0)
            saved = Watch(model)
            loaded = Watch(again)
        }
        #expect(saved.alive == [])
        #expect(loaded.count > 8)
        #expect(loaded.alive == [])
    }

    @Test func nestedModelsAndSharedLayersAreFreed() throws {
        var watch: Watch!
        do {
            let innerInput = Input(shape: [4])
            let inner = try Model(inputs: innerInput, outputs: try Dense(4, activation: .relu)(innerInput))
            let shared = Dense(2)
            let a = Input(shape: [4]), b = Input(shape: [4])
            let merged = try Add()([shared(inner(a)), shared(b)])
            let outer = try Model(inputs: [a, b], outputs: merged)
            try outer.compile(optimizer: SGD(), loss: "mse")
            _ = try outer.fit([Self.x, Self.x], Self.y, epochs: 1, verbose: 0)
            #expect(shared.inboundNodes.count == 2)
            watch = Watch(outer)
            watch.add("inner model", inner)
        }
        #expect(watch.count > 10)
        #expect(watch.alive == [])
    }

    @Test func aSymbolicTensorKeepsTheLayersThatMadeIt() throws {
        weak var dense: Layer?
        weak var input: Layer?
        var y: KerasTensor? = try Dense(3)(Input(shape: [5]))
        dense = y?.layer
        input = y?.node.inputs.first?.layer
        #expect(dense?.className == "Dense" && input is InputLayer)
        #expect(y?.shape == [nil, 3])
        #expect(try dense?.output == y)
        // A model built later from the same tensors still finds its whole graph.
        let model = try Model(inputs: y!.node.inputs[0], outputs: y!)
        #expect(model.layers.map(\.className) == ["InputLayer", "Dense"])
        y = nil
        #expect(dense != nil)   // the model holds it now
        _ = model
    }

    @Test func layersAreFreedWithTheLastTensor() throws {
        weak var dense: Layer?
        weak var input: Layer?
        do {
            let y = try Dense(3)(Input(shape: [5]))
            dense = y.layer
            input = y.node.inputs[0].layer
            #expect(dense != nil && input != nil)
        }
        #expect(dense == nil)
        #expect(input == nil)
    }

    /// A dropped call's node is freed; the later calls keep their index (`keras_history`), and a
    /// model's config counts only its own nodes, as Keras's does.
    @Test func nodeIndicesStayWhenAnEarlierCallIsFreed() throws {
        let shared = Dense(2, name: "lifetime_shared")
        do { _ = try shared(Input(shape: [4])) }
        let x = Input(shape: [4])
        let y = try shared(x)
        #expect(y.kerasHistory.nodeIndex == 1)
        #expect(shared.nodeIndex(of: y.node) == 1)
        #expect(try shared.getOutputAt(1) == y)
        #expect(throws: KerasError.self) { try shared.getOutputAt(0) }
        #expect(shared.inboundNodes.map { $0 === y.node } == [true])
        // The freed call's shapes stay, and it still counts as a call (Keras keeps it).
        #expect(try shared.getInputShapeAt(0) == [nil, 4] && shared.getOutputShapeAt(0) == [nil, 2])
        #expect(try shared.outputShape == [nil, 2])
        #expect(throws: KerasError.self) { _ = try shared.output }
        let model = try Model(inputs: x, outputs: y)
        guard case .array(let layers)? = model.getConfig()["layers"],
              case .object(let dense)? = layers.last,
              case .array(let nodes)? = dense["inbound_nodes"] else {
            Issue.record("no layers in \(model.getConfig())"); return
        }
        #expect(nodes.count == 1)
        // The model reloads from its config with the same weights and outputs.
        let json = try model.toJSON()
        let copy = try Model.fromJSON(json)
        #expect(try copy.toJSON() == json)
        try copy.setWeights(model.getWeights())
        let a: Tensor = try model.predict(Self.x), b: Tensor = try copy.predict(Self.x)
        #expect(a.doubles == b.doubles)
    }

    /// An input layer's node and a model's own node 0 are made again when asked for; while
    /// held, asking again gives the same node.
    @Test func ownNodesAreMadeAgainWhenAskedFor() throws {
        let layer = InputLayer(batchShape: [nil, 4])
        let t = layer.tensor
        #expect(layer.tensor == t)
        #expect(t.shape == [nil, 4] && t.layer === layer)
        let inputs = Input(shape: [4])
        let model = try Model(inputs: inputs, outputs: try Dense(2)(inputs))
        let own = try model.getOutputAt(0)
        #expect(own.shape == [nil, 2] && own.layer === model)
        #expect(try model.getOutputAt(0) == own)
        #expect(try model.getInputAt(0) == inputs)
        // The model called on new inputs is its node 1, as in Keras.
        let z = try model(Input(shape: [4]))
        #expect(z.kerasHistory.nodeIndex == 1)
    }

    @Test func aModelWithAPluginLayerIsFreed() throws {
        guard SeedLayersFixture.load() else { return }
        var watch: Watch!
        do {
            let plugin = try SeedLayersFixture.layer("SeedLayers>MyLayer", ["output_dim": .number(2)])
            let inputs = Input(shape: [4])
            let model = try Model(inputs: inputs, outputs: try plugin(inputs))
            try model.compile(optimizer: SGD(), loss: "mse")
            _ = try model.fit(Self.x, Self.y, epochs: 1, verbose: 0)
            watch = Watch(model)
        }
        #expect(watch.count >= 4)
        #expect(watch.alive == [])
    }
}
