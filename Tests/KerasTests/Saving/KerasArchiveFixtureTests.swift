import Foundation
import Testing
@testable import Keras

/// `.keras` archives written by Python Keras 3.15.1 (Integration/KerasInterop/make_fixtures.py)
/// load here and predict Keras's outputs, within the fixture's rtol/atol, on the reference,
/// openblas and onednn backends.
@Suite struct KerasArchiveFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Integration/KerasInterop/Fixtures").path

    static let names = ["mlp", "cnn", "embedding_lstm", "embedding_gru", "bidirectional_time_distributed",
                        "masking_rnn", "multi_input", "shared_submodel", "rnn_cells"]

    struct Fixture {
        let model: Model
        let inputs: [Tensor]
        let outputs: [Tensor]
        let rtol: Double
        let atol: Double
    }

    static func fixture(_ name: String) throws -> Fixture {
        let base = directory + "/" + name
        let meta = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: base + ".json")), source: base + ".json")
        let inputs = try Tensor.arrays(npz: base + ".inputs.npz")
        let outputs = try Tensor.arrays(npz: base + ".outputs.npz")
        let inputNames = meta["inputs"]!.arrayValue!.map { $0.stringValue! }
        let outputNames = meta["outputs"]!.arrayValue!.map { $0.stringValue! }
        return Fixture(model: try loadModel(base + ".keras"), inputs: inputNames.map { inputs[$0]! },
                       outputs: outputNames.map { outputs[$0]! }, rtol: meta["rtol"]!.doubleValue!, atol: meta["atol"]!.doubleValue!)
    }

    static func expectClose(_ got: [Tensor], _ fixture: Fixture, _ label: String) {
        #expect(got.count == fixture.outputs.count, "\(label)")
        for (g, e) in zip(got, fixture.outputs) {
            #expect(g.shape == e.shape, "\(label): shape \(g.shape) vs \(e.shape)")
            guard g.shape == e.shape else { continue }
            let worst = zip(g.doubles, e.doubles).map { abs($0 - $1) - fixture.rtol * abs($1) }.max() ?? 0
            #expect(worst <= fixture.atol, "\(label): |got − keras| exceeds atol + rtol·|keras| by \(worst - fixture.atol)")
        }
    }

    @Test(arguments: names) func predictsKerassOutputsOnTheReferenceBackend(_ name: String) throws {
        let fixture = try Self.fixture(name)
        let got: [Tensor] = try ActiveBackend.withBackend(ReferenceBackend.shared) { try fixture.model.predict(fixture.inputs) }
        Self.expectClose(got, fixture, "\(name) on reference")
    }

    @Test(arguments: names) func predictsKerassOutputsOnThePluginBackends(_ name: String) throws {
        let fixture = try Self.fixture(name)
        for backend in [BackendComparison.strictOpenBLAS()?.withFallback(.allow), BackendComparison.lenientOneDNN()] {
            guard let backend else { continue }
            let got: [Tensor] = try ActiveBackend.withBackend(backend) { try fixture.model.predict(fixture.inputs) }
            Self.expectClose(got, fixture, "\(name) on \(backend.name)")
        }
    }

    @Test func compiledArchivesLoadCompiledWithTheirOptimizerState() throws {
        let mlp = try Self.fixture("mlp").model
        let adam = try #require(mlp.optimizer as? Adam)
        // 16 samples, batch 8, 2 epochs in the script.
        #expect(adam.iterations == 4)
        #expect(adam.slots.count == 2 * mlp.trainableWeights.count)
        #expect(adam.slots.contains { $0.numpy.doubles.contains { $0 != 0 } })
        let cnn = try Self.fixture("cnn").model
        let sgd = try #require(cnn.optimizer as? SGD)
        #expect(sgd.momentum == 0.9 && sgd.iterations == 2)
        #expect(try Self.fixture("embedding_lstm").model.optimizer == nil)
    }

    @Test func everyFixtureRoundTripsThroughSaveBitIdentically() throws {
        let dir = try makeScratchDirectory()
        for name in Self.names {
            let fixture = try Self.fixture(name)
            try fixture.model.save(dir + "/\(name).keras")
            let again = try loadModel(dir + "/\(name).keras")
            let a: [Tensor] = try fixture.model.predict(fixture.inputs)
            let b: [Tensor] = try again.predict(fixture.inputs)
            #expect(identical(a, b), "\(name)")
            #expect(identical(fixture.model.getWeights(), again.getWeights()), "\(name)")
            #expect(try fixture.model.toJSON() == again.toJSON(), "\(name)")
        }
    }
}
