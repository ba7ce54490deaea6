import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasVisualization

/// The `swiftkeras` command line loses no work and says what is wrong (issue 14): outputs and
/// the tools pictures need are checked before training, runtime errors print no usage text,
/// negative numbers parse, and a failed weights save exits cleanly. Each runs the debug build's
/// executable in a child process.
@Suite("swiftkeras: nothing lost")
struct CLIReliabilityTests {
    static var executable: String? { CLIProcess.debugExecutable }

    static func run(_ arguments: [String], shellPrefix: String = "") throws -> CLIProcess.Outcome? {
        guard let executable else {
            Issue.record("swiftkeras is not built beside the tests: run `swift build --build-tests`")
            return nil
        }
        return try CLIProcess.run(executable, arguments, shellPrefix: shellPrefix)
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "swiftkeras-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A tiny Fashion-MNIST-shaped data set (`count` training and test images of 28×28) in a
    /// new directory, so a child process trains and evaluates in moments.
    static func tinyDataSet(count: Int = 16) throws -> String {
        let directory = try temporaryDirectory()
        try DatasetTestFiles.writeImageSet(directory, prefix: "train", count: count, side: 28)
        try DatasetTestFiles.writeImageSet(directory, prefix: "t10k", count: count, side: 28)
        return directory
    }

    @Test func negativeNumbersParseAndAreValidated() throws {
        // `--seed -1` parses (the first error is about the epochs), and so do `-1` and `-0.5`.
        for (arguments, expected) in [(["--seed", "-1", "--epochs", "-1"], "--epochs must be ≥ 1, received -1"),
                                      (["--validation-split", "-0.5"], "--validation-split must be in [0, 1), received -0.5"),
                                      (["--threads", "-2"], "--threads must be ≥ 1, received -2")] {
            guard let outcome = try Self.run(["train"] + arguments) else { return }
            #expect(outcome.status != 0 && !outcome.crashed)
            #expect(outcome.standardError.contains(expected), "\(arguments): \(outcome.standardError)")
            #expect(!outcome.standardError.contains("Missing value"))
        }
    }

    /// `--output` into a missing folder, a picture into /proc, a PNG without Graphviz: all found
    /// before any training, reported without the usage text.
    @Test func unwritableOutputsAreFoundBeforeTraining() throws {
        var cases: [([String], String)] = [
            (["--output", "/nonexistent-dir/a.weights.h5"], "the directory /nonexistent-dir does not exist"),
            (["--plot", "/proc/x.svg", "--output", NSTemporaryDirectory() + "unused.weights.h5"], "/proc/x.svg: cannot write in /proc"),
        ]
        if ExternalTool.find("dot") == nil {
            cases.append((["--plot-model", NSTemporaryDirectory() + "m.png"], "`dot` is not on PATH"))
        }
        for (arguments, expected) in cases {
            guard let outcome = try Self.run(["train", "--samples", "10", "--epochs", "1"] + arguments) else { return }
            #expect(outcome.status == 1 && !outcome.crashed, "\(arguments): status \(outcome.status)")
            #expect(outcome.standardError.contains(expected), "\(arguments): \(outcome.standardError)")
            #expect(!outcome.standardError.contains("Usage:"), "\(arguments): a runtime error printed the usage text")
            #expect(!outcome.standardOutput.contains("Fashion-MNIST from"), "\(arguments): it went on to load data and train")
        }
    }

    /// A full disk during the weights save (simulated with a file-size limit) used to crash the
    /// process at exit inside HDF5's close. Now: a clean error, exit status 1, no temporary file.
    @Test func failedWeightsSaveExitsCleanlyAndLeavesNoTemporaryFile() throws {
        let directory = try Self.temporaryDirectory()
        let data = try Self.tinyDataSet()
        defer { try? FileManager.default.removeItem(atPath: directory); try? FileManager.default.removeItem(atPath: data) }
        let output = directory + "/mlp.weights.h5"
        guard let outcome = try Self.run(["train", "--data", data, "--epochs", "1", "--validation-split", "0",
                                          "--verbose", "0", "--backend", "reference", "--output", output],
                                         shellPrefix: "ulimit -f 64; trap '' XFSZ; ") else { return }
        #expect(!outcome.crashed, "the process crashed: \(outcome.standardError)")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("writing the HDF5 file failed"), "\(outcome.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    /// `train --model cnn` used to build a channels-last model whatever `image_data_format` said,
    /// and then failed with a misleading "too small" error under `channels_first`.
    @Test func cnnFollowsChannelsFirst() throws {
        let data = try Self.tinyDataSet(count: 4)
        let home = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: home) }
        try #"{"image_data_format": "channels_first"}"#.write(toFile: home + "/keras.json", atomically: true, encoding: .utf8)
        guard let executable = Self.executable else { return }
        let outcome = try CLIProcess.run(executable, ["train", "--model", "cnn", "--data", data, "--epochs", "1", "--batch-size", "4",
                                                      "--validation-split", "0", "--verbose", "0", "--backend", "reference"],
                                         environment: ["SWIFTKERAS_HOME": home])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // The first convolution's output is (batch, 32, 26, 26): channels first.
        #expect(outcome.standardOutput.contains("(None, 32, 26, 26)"), "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("Test accuracy:"))
    }
}
