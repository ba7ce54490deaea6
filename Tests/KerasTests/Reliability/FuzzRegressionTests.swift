import Foundation
import Testing
@testable import Keras

/// Every input a fuzzing campaign found (Integration/Fuzz/Regressions/<Target>/), replayed through
/// the same reader its target calls, in this ordinary (uninstrumented) build: each must load or
/// give a `KerasError` — a trap stops the test process, another error type fails the test.
/// docs/fuzzing.md says how an input gets here.
@Suite("Fuzz regressions: found inputs give a KerasError")
struct FuzzRegressionTests {
    static let directory = CLIProcess.packageRoot + "/Integration/Fuzz/Regressions"

    static func inputs(_ target: String) -> [String] {
        let folder = directory + "/" + target
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().map { folder + "/" + $0 }
    }

    /// The reader each fuzz target drives (Integration/Fuzz/Targets/<Target>).
    static func read(_ target: String, _ path: String) throws {
        switch target {
        case "ModelConfig": _ = try Model.fromJSON(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
        case "Weights":
            let model = try Sequential([Dense(3, activation: .tanh, inputDim: 4), Dropout(0.1), Dense(2)], name: "fuzz")
            try model.loadWeights(from: path)
        case "IDX": _ = try IDXFile.read(path)
        case "KerasArchive": _ = try loadModel(path)
        case "NumPy": _ = path.hasSuffix(".npz") ? try Tensor.arrays(npz: path).count : try Tensor(npy: path).count
        default: Issue.record("no reader for fuzz target \(target)")
        }
    }

    @Test(arguments: ["ModelConfig", "Weights", "IDX", "KerasArchive", "NumPy"])
    func foundInputsGiveAKerasError(target: String) throws {
        for path in Self.inputs(target) {
            do {
                try Self.read(target, path)
            } catch let error as KerasError {
                #expect(!error.message.isEmpty, "\(path)")
            }
        }
    }

    /// The first two findings, with the messages a user sees.
    @Test func recurrentCellArgumentsOutOfRangeAreNamed() {
        for (key, value) in [("units", "0"), ("units", "-3"), ("dropout", "1.5"), ("recurrent_dropout", "-0.1")] {
            for layer in ["LSTM", "GRU", "SimpleRNN"] {
                let units = key == "units" ? value : "4"
                let rate = key == "units" ? "0.0" : value
                let config = #"{"class_name": "\#(layer)", "config": {"name": "r", "units": \#(units), "\#(key == "recurrent_dropout" ? "recurrent_dropout" : "dropout")": \#(rate)}}"#
                #expect {
                    _ = try LayerRegistry.layer(from: JSONValue.parse(Data(config.utf8), source: "test"))
                } throws: { error in
                    guard let error = error as? KerasError else { return false }
                    return error.message.contains(key == "units" ? "`units`" : "`dropout` and `recurrent_dropout`")
                        && error.message.contains(value)
                }
            }
        }
    }

    @Test func poolingSizesAndLayerNormalizationAxesFromConfigsAreChecked() {
        let bad = [#"{"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2, 2]}}"#,
                   #"{"class_name": "AveragePooling1D", "config": {"pool_size": 0}}"#,
                   #"{"class_name": "MaxPooling3D", "config": {"pool_size": 2, "strides": [1, -1, 1]}}"#,
                   #"{"class_name": "LayerNormalization", "config": {"axis": []}}"#]
        for config in bad {
            #expect(throws: KerasError.self, "\(config)") { _ = try LayerRegistry.layer(from: JSONValue.parse(Data(config.utf8), source: "test")) }
        }
    }

    @Test func theCorruptWeightsFileIsAKerasError() throws {
        let path = Self.inputs("Weights").first { $0.contains("1.4PB") }
        let file = try #require(path)
        #expect(throws: KerasError.self) { try Self.read("Weights", file) }
    }
}
