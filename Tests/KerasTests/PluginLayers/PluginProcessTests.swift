import Foundation
import Testing
@testable import Keras

/// Configs naming plugin classes and functions rebuilt by a fresh `swiftkeras` process, which
/// has no registration code: discovery finds the plugins on the search path.
@Suite struct PluginProcessTests {
    /// The repository's root (this file is Tests/KerasTests/PluginLayers/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Where `swift build --package-path Integration/ExternalPlugin` puts the outside plugin.
    static let externalPlugin = root + "/Integration/ExternalPlugin/.build/debug/libKerasExternalExample.so"

    /// Runs the built `swiftkeras` with `arguments` and extra environment; returns status and output.
    static func swiftkeras(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let executable = (PluginFixtures.directory as NSString).appendingPathComponent("swiftkeras")
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw KerasError(.io, "\(executable) is not built: run `swift build --build-tests` first")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SWIFTKERAS_PLUGIN_PATH")
        env.merge(environment) { _, new in new }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func write(_ json: String) throws -> String {
        let path = (try PluginFixtures.temporaryDirectory() as NSString).appendingPathComponent("model.json")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func losses(_ output: String) -> [Double] {
        output.split(separator: "\n").compactMap { line in
            line.hasPrefix("epoch ") ? line.split(separator: " ").last.flatMap { Double($0) } : nil
        }
    }

    @Test func aConfigNamingAPluginClassAndFunctionRebuildsInAFreshProcess() throws {
        guard PluginFixtures.built("KerasSeedLayers") != nil else { return }
        let path = try Self.write("""
        {"class_name": "Sequential", "config": {"name": "seq", "layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "in"}},
          {"class_name": "SeedLayers>MyLayer", "config": {"name": "my", "output_dim": 3}},
          {"class_name": "Lambda", "config": {"name": "anti", "function": "antirectifier", "arguments": {}}},
          {"class_name": "Lambda", "config": {"name": "ss", "function": "scale_shift", "arguments": {"scale": 2.0, "shift": 0.5}}}
        ]}}
        """)
        let (status, output) = try Self.swiftkeras(["inspect", "--config", path, "--predict-ones"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("my (MyLayer)") && output.contains("(None, 3)"), "\(output)")
        #expect(output.contains("anti (Lambda)") && output.contains("(None, 6)"), "\(output)")
        // scale_shift(antirectifier(...)): every value is 2·max(±y, 0) + 0.5 with |y| ≤ 1.
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("output 0 shape [1, 6]") })
        let values = line.split(separator: ":")[1].split(separator: " ").compactMap { Double($0) }
        #expect(values.count == 6 && values.allSatisfy { $0 >= 0.5 && $0 <= 2.5 }, "\(values)")
        // The same layers under a Dense head train in that process.
        let trainable = try Self.write(try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "\"shift\": 0.5}}}", with: "\"shift\": 0.5}}},\n  {\"class_name\": \"Dense\", \"config\": {\"name\": \"head\", \"units\": 1}}"))
        let (fitStatus, fitOutput) = try Self.swiftkeras(["inspect", "--config", trainable, "--fit-epochs", "20"])
        #expect(fitStatus == 0, "\(fitOutput)")
        let losses = Self.losses(fitOutput)
        #expect(losses.count == 20 && losses.last! < 0.7 * losses.first!, "\(losses)")
    }

    @Test func aKerasArchiveWithAPluginLayerAndFunctionPredictsIdenticallyInAFreshProcess() throws {
        guard SeedLayersFixture.load() else { return }
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (archive, inputPath, outputPath) = (directory + "/plugin.keras", directory + "/x.npy", directory + "/y.npy")
        let x = K.randomUniform([5, 4], minval: -1, maxval: 1, seed: 41)
        let (expected, config): (Tensor, JSONValue) = try ActiveBackend.withBackend(ReferenceBackend.shared) {
            let input = Input(shape: [4], name: "in")
            let my = try SeedLayersFixture.layer("SeedLayers>MyLayer", ["output_dim": .number(3), "name": .string("my")])
            let shift = try Lambda(named: "scale_shift", argumentValues: ["scale": .number(2.5), "shift": .number(-0.75)], name: "ss")
            let model = try Model(inputs: input, outputs: shift(my(input)))
            try model.save(archive)
            return (try model.predict(x, batchSize: 256), try model.toConfig())
        }
        try x.save(npy: inputPath)
        // The archive's config: Keras 3's form for the registered class.
        let layers = try #require(config["config"]?["layers"]?.arrayValue)
        let saved = try #require(layers.first { $0["config"]?["name"]?.stringValue == "my" })
        #expect(saved["class_name"] == .string("MyLayer") && saved["registered_name"] == .string("SeedLayers>MyLayer"), "\(saved)")
        // A fresh process with no registration code finds the plugin by the registered name.
        let (status, output) = try Self.swiftkeras(["predict", "--model", archive, "--input", inputPath, "--output", outputPath,
                                                    "--backend", "reference"])
        #expect(status == 0, "\(output)")
        let predicted = try Tensor(npy: outputPath)
        #expect(predicted.shape == expected.shape && predicted.dtype == expected.dtype)
        #expect(predicted.doubles.map(\.bitPattern) == expected.doubles.map(\.bitPattern), "\(predicted.doubles) vs \(expected.doubles)")
    }

    @Test func anUnknownClassInAConfigNamesTheClassAndThePluginsSearched() throws {
        guard PluginFixtures.built("KerasSeedLayers") != nil else { return }
        let path = try Self.write("""
        {"class_name": "Sequential", "config": {"name": "seq", "layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "in"}},
          {"class_name": "Elsewhere>Missing", "config": {"name": "m"}}
        ]}}
        """)
        let (status, output) = try Self.swiftkeras(["inspect", "--config", path])
        #expect(status != 0)
        #expect(output.contains("'Elsewhere>Missing'") && output.contains("Plugins searched") && output.contains("libKerasSeedLayers"), "\(output)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: PluginProcessTests.externalPlugin),
                   "Integration/ExternalPlugin is not built: scripts/test.sh builds it with swift build --package-path Integration/ExternalPlugin"))
    func theOutsidePluginLoadsThroughTheEnvironmentAndTrains() throws {
        let path = try Self.write("""
        {"class_name": "Sequential", "config": {"name": "outside", "layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 5], "dtype": "float32", "name": "in"}},
          {"class_name": "ExternalExample>ScaledDense", "config": {"name": "hidden", "units": 8, "activation": "relu", "scale": 0.5}},
          {"class_name": "Lambda", "config": {"name": "sq", "function": "shifted_square", "arguments": {"shift": 0.1}}},
          {"class_name": "ScaledDense", "config": {"name": "out", "units": 1}}
        ]}}
        """)
        let directory = (Self.externalPlugin as NSString).deletingLastPathComponent
        let (status, output) = try Self.swiftkeras(["inspect", "--config", path, "--fit-epochs", "20"],
                                                   environment: ["SWIFTKERAS_PLUGIN_PATH": directory])
        #expect(status == 0, "\(output)")
        #expect(output.contains("hidden (ScaledDense)") && output.contains("(None, 8)"), "\(output)")
        let losses = Self.losses(output)
        #expect(losses.count == 20 && losses.last! < 0.7 * losses.first!, "\(losses)")
    }
}
