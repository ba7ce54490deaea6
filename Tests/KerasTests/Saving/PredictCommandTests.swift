import Foundation
import Testing
@testable import Keras

/// `swiftkeras predict --model M.keras --input …` on the Python Keras fixtures: the written
/// predictions are Keras's on every backend; the argument rules hold.
@Suite struct PredictCommandTests {
    static var executable: String { (PluginFixtures.directory as NSString).appendingPathComponent("swiftkeras") }

    /// Runs `swiftkeras` with `arguments`; the exit status and what it wrote to stderr.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test(arguments: ["reference", "openblas", "onednn"])
    func predictsKerassOutputsFromNumPyInputs(_ backend: String) throws {
        guard FileManager.default.fileExists(atPath: Self.executable) else {
            Issue.record("\(Self.executable) is not built: run `swift build --build-tests` first")
            return
        }
        let dir = try makeScratchDirectory()
        for name in ["mlp", "multi_input", "embedding_lstm"] {
            let base = KerasArchiveFixtureTests.directory + "/" + name
            let fixture = try KerasArchiveFixtureTests.fixture(name)
            let output = dir + "/\(name).npz"
            let result = try Self.run(["predict", "--model", base + ".keras", "--input", base + ".inputs.npz",
                                       "--output", output, "--backend", backend])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let written = try Tensor.arrays(npz: output)
            let names = try fixture.model.outputs.map(\.layer.name)
            KerasArchiveFixtureTests.expectClose(names.map { written[$0]! }, fixture, "\(name) via swiftkeras predict on \(backend)")
        }
        // A Keras 2 whole-model .h5 file written by tf.keras, two inputs.
        let legacy = KerasArchiveFixtureTests.directory + "/keras2_functional"
        let h5 = try Self.run(["predict", "--model", legacy + ".h5", "--input", legacy + ".inputs.npz",
                               "--output", dir + "/legacy.npz", "--backend", backend])
        #expect(h5.status == 0, "keras2_functional: \(h5.stderr)")
        let expected = try #require(try Tensor.arrays(npz: legacy + ".outputs.npz")["score"])
        let got = try #require(try Tensor.arrays(npz: dir + "/legacy.npz")["score"])
        #expect(got.shape == expected.shape && zip(got.doubles, expected.doubles).allSatisfy { abs($0 - $1) <= 1e-5 + 1e-4 * abs($1) },
                "keras2_functional via swiftkeras predict on \(backend)")
        // One input as .npy, one output as .npy.
        let x = try Tensor.arrays(npz: KerasArchiveFixtureTests.directory + "/mlp.inputs.npz")["features"]!
        try x.save(npy: dir + "/x.npy")
        let result = try Self.run(["predict", "--model", KerasArchiveFixtureTests.directory + "/mlp.keras", "--input", dir + "/x.npy",
                                   "--output", dir + "/y.npy", "--backend", backend])
        #expect(result.status == 0, "\(result.stderr)")
        let fixture = try KerasArchiveFixtureTests.fixture("mlp")
        KerasArchiveFixtureTests.expectClose([try Tensor(npy: dir + "/y.npy")], fixture, "mlp .npy via swiftkeras predict on \(backend)")
    }

    @Test func argumentRulesAreEnforced() throws {
        guard FileManager.default.fileExists(atPath: Self.executable) else { return }
        let keras = KerasArchiveFixtureTests.directory + "/mlp.keras"
        let cases: [([String], String)] = [
            (["--model", keras, "--weights", "w.weights.h5", "--input", "x.npy"], "--weights does not apply"),
            (["--model", "mlp", "--input", "x.npy"], "--weights is required"),
            (["--model", keras, "--input", "x.npy", "--images", "i.gz"], "exclude each other"),
            (["--model", keras], "give --input"),
            (["--model", "resnet", "--weights", "w", "--input", "x.npy"], "mlp, cnn, a .keras file or a Keras 2 .h5"),
            (["--model", KerasArchiveFixtureTests.directory + "/../../../Tests/Fixtures/Weights/keras3_functional.weights.h5", "--input", KerasArchiveFixtureTests.directory + "/mlp.inputs.npz"], "loadWeights"),
            (["--model", keras, "--input", KerasArchiveFixtureTests.directory + "/cnn.inputs.npz"], "name no input of the model"),
        ]
        for (arguments, message) in cases {
            let result = try Self.run(["predict"] + arguments)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
