import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasSaving

/// `loadModel` of whole-model `.h5` files: the fixtures written by tf.keras 2.15
/// (Integration/KerasInterop/make_keras2_fixtures.py) and by Keras 3.15.1's own legacy writer
/// (`keras3_h5`, make_fixtures.py) load with their weights, compile settings and optimizer
/// state, and predict Keras's outputs.
@Suite struct LegacyModelFileTests {
    static let names = ["keras2_mlp", "keras2_functional", "keras3_h5"]

    static func fixture(_ name: String) throws -> (model: Model, inputs: [Tensor], outputs: [Tensor], rtol: Double, atol: Double) {
        let base = KerasArchiveFixtureTests.directory + "/" + name
        let meta = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: base + ".json")), source: base + ".json")
        let inputs = try Tensor.arrays(npz: base + ".inputs.npz"), outputs = try Tensor.arrays(npz: base + ".outputs.npz")
        return (try loadModel(base + ".h5"), meta["inputs"]!.arrayValue!.map { inputs[$0.stringValue!]! },
                meta["outputs"]!.arrayValue!.map { outputs[$0.stringValue!]! }, meta["rtol"]!.doubleValue!, meta["atol"]!.doubleValue!)
    }

    @Test(arguments: names) func predictsKerassOutputs(_ name: String) throws {
        let f = try Self.fixture(name)
        let got: [Tensor] = try f.model.predict(f.inputs)
        #expect(got.count == f.outputs.count)
        for (g, e) in zip(got, f.outputs) {
            #expect(g.shape == e.shape)
            let worst = zip(g.doubles, e.doubles).map { abs($0 - $1) - f.rtol * abs($1) }.max() ?? 0
            #expect(worst <= f.atol, "\(name): exceeds atol + rtol·|keras| by \(worst - f.atol)")
        }
    }

    @Test func compileSettingsAndOptimizerStateComeFromTheFile() throws {
        let mlp = try Self.fixture("keras2_mlp").model
        let adam = try #require(mlp.optimizer as? Adam)
        // 16 samples, batch 8, 2 epochs in the script; lr 0.01 as float32.
        #expect(adam.iterations == 4 && adam.learningRate.value(at: 0) == Double(Float(0.01)))
        #expect(adam.slots.count == 2 * mlp.trainableWeights.count && adam.slots.contains { $0.numpy.doubles.contains { $0 != 0 } })
        let specs = try #require(mlp.compiled?.metricSpecs.first)
        guard specs.count == 1, case .named("accuracy") = specs[0] else { Issue.record("metrics \(specs)"); return }
        let functional = try Self.fixture("keras2_functional").model
        let rms = try #require(functional.optimizer as? RMSprop)
        #expect(rms.iterations == 2)
        let metric = try #require(functional.compiled?.metricSpecs.first?.first)
        guard case .metric(let mae) = metric else { Issue.record("metric \(metric)"); return }
        #expect(mae.name == "mae")
        // One more epoch continues where tf.keras stopped: the same predictions after it as
        // tf.keras made after the same epoch from the same state (RMSprop velocities restored).
        let f = try Self.fixture("keras2_functional")
        let base = KerasArchiveFixtureTests.directory + "/keras2_functional"
        let data = try Tensor.arrays(npz: base + ".fit.npz")
        let kerasAfter = try #require(try Tensor.arrays(npz: base + ".after_fit.npz")["score"])
        _ = try f.model.fit([data["sequence"]!, data["side"]!], [data["y"]!], batchSize: 3, epochs: 1, verbose: 0, shuffle: false)
        #expect(f.model.optimizer?.iterations == 4)
        let after: Tensor = try f.model.predict(f.inputs)
        let worst = zip(after.doubles, kerasAfter.doubles).map { abs($0 - $1) }.max() ?? .infinity
        #expect(after.shape == kerasAfter.shape && worst <= 1e-5, "after one more epoch: max |swift − tf.keras| = \(worst)")
        // With a fresh RMSprop instead of the restored one the same epoch ends elsewhere: the
        // comparison above sees the optimizer state.
        let fresh = try loadModel(base + ".h5", compile: false)
        try fresh.compile(optimizer: RMSprop(learningRate: 0.01), loss: .meanSquaredError)
        _ = try fresh.fit([data["sequence"]!, data["side"]!], [data["y"]!], batchSize: 3, epochs: 1, verbose: 0, shuffle: false)
        let freshAfter: Tensor = try fresh.predict(f.inputs)
        let freshWorst = zip(freshAfter.doubles, kerasAfter.doubles).map { abs($0 - $1) }.max() ?? 0
        #expect(freshWorst > 1e-3, "with a fresh optimizer: \(freshWorst)")
        let dir = try makeScratchDirectory()
        try f.model.save(dir + "/converted.keras")
        let again = try loadModel(dir + "/converted.keras")
        #expect(identical(try f.model.predict(f.inputs) as [Tensor], try again.predict(f.inputs) as [Tensor]))
    }

    @Test func keras3sOwnH5FilesLoadWithTheirOptimizerVariables() throws {
        let model = try Self.fixture("keras3_h5").model
        let adam = try #require(model.optimizer as? Adam)
        // 8 samples, batch 4, 1 epoch in the script; Keras 3's layout (iteration, learning_rate, slots).
        #expect(adam.iterations == 2 && adam.learningRate.value(at: 0) == Double(Float(0.001)))
        #expect(adam.slots.count == 2 * model.trainableWeights.count && adam.slots.contains { $0.numpy.doubles.contains { $0 != 0 } })
        guard let specs = model.compiled?.metricSpecs.first, specs.count == 1, case .named("mae") = specs[0] else {
            Issue.record("metrics \(String(describing: model.compiled?.metricSpecs))")
            return
        }
    }

    @Test func compileFalseAndWeightsOnlyFiles() throws {
        let path = KerasArchiveFixtureTests.directory + "/keras2_mlp.h5"
        #expect(try loadModel(path, compile: false).optimizer == nil)
        // A weights-only file has no model_config: the error says what to do instead.
        let weights = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/Weights").path
        let files = try FileManager.default.contentsOfDirectory(atPath: weights).filter { $0.hasSuffix(".h5") }
        let file = try #require(files.first)
        do {
            _ = try loadModel(weights + "/" + file)
            Issue.record("a weights-only file loaded as a model")
        } catch let error as KerasError {
            #expect(error.message.contains(file) && error.message.contains("model_config") && error.message.contains("loadWeights"))
        }
    }

    @Test func trainingConfigIsTranslatedAsKeras3Reads() throws {
        let text = #"{"loss": "mse", "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "acc", "fn": "binary_accuracy"}}, {"class_name": "MeanMetricWrapper", "config": {"name": "mae", "fn": "mean_absolute_error"}}]], "loss_weights": null, "optimizer_config": {"class_name": "Custom>SGD", "config": {"name": "SGD", "learning_rate": 0.5, "momentum": 0.9, "jit_compile": true, "is_legacy_optimizer": false}}}"#
        let config = try LegacyModelFile.compileConfig(try JSONValue.parse(Data(text.utf8), source: "t"), outputs: 1, source: "t")
        #expect(config["optimizer"]?["class_name"] == .string("SGD"))
        #expect(config["optimizer"]?["config"]?["jit_compile"] == nil && config["optimizer"]?["config"]?["momentum"] == .number(0.9))
        #expect(config["metrics"] == .array([.string("acc"), .object(["class_name": .string("mean_absolute_error"), "config": .object(["name": .string("mae")])])]))
        let two = try LegacyModelFile.compileConfig(try JSONValue.parse(Data(#"{"metrics": [["mae"], []], "loss": {"a": {"class_name": "MeanSquaredError", "config": {"reduction": "auto", "name": "mse"}}, "b": "mae"}}"#.utf8), source: "t"), outputs: 2, source: "t")
        #expect(two["metrics"] == .array([.array([.string("mae")]), .array([])]))
        // Keras 2's "auto" reduction is its fit-time meaning; the loss then builds.
        let mse = try #require(two["loss"]?["a"])
        #expect(mse["config"]?["reduction"] == .string("sum_over_batch_size") && two["loss"]?["b"] == .string("mae"))
        #expect(try Loss.fromConfig(mse).reduction == .sumOverBatchSize)
    }

    /// Keras 2 Sequential configs without an InputLayer (tf.keras before 2.4 and standalone Keras
    /// 2.2–2.3) carry the input shape as the first layer's `batch_input_shape`.
    @Test func keras2SequentialWithoutInputLayerIsBuiltFromTheFirstLayersShape() throws {
        let text = #"{"class_name": "Sequential", "config": {"name": "old", "layers": [{"class_name": "Dense", "config": {"name": "d1", "trainable": true, "batch_input_shape": [null, 4], "dtype": "float32", "units": 3, "activation": "relu", "use_bias": true}}, {"class_name": "Dense", "config": {"name": "d2", "units": 2}}]}}"#
        let model = try Model.fromJSON(text)
        #expect(model.built)
        #expect(try model.predict(Tensor(shape: [5, 4], repeating: 0.5)).shape == [5, 2])
        #expect(try model.countParams() == 4 * 3 + 3 + 3 * 2 + 2)
    }

    /// Bad files: each a thrown error naming the file and the part.
    @Test func badFilesAreNamed() throws {
        let dir = try makeScratchDirectory()
        let source = KerasArchiveFixtureTests.directory + "/keras2_mlp.h5"
        // Not HDF5 at all.
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: dir + "/junk.h5"))
        #expect(throws: KerasError.self) { _ = try loadModel(dir + "/junk.h5") }
        // Truncated.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: dir + "/half.h5"))
        do { _ = try loadModel(dir + "/half.h5"); Issue.record("a truncated file loaded") } catch let e as KerasError {
            #expect(e.message.contains("half.h5"))
        }
    }
}
