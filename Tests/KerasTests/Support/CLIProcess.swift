import Foundation
@testable import Keras

/// Runs the `swiftkeras` executable in a child process, for tests that need a process of its
/// own: misuses that stop it, release-build behaviour, limits such as `ulimit -f`.
enum CLIProcess {
    /// What a finished child process left.
    struct Outcome {
        var status: Int32
        /// Whether it was killed by a signal (a trap) rather than exiting.
        var crashed: Bool
        var standardOutput: String
        var standardError: String
    }

    /// The package's root directory (three levels above this file).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The debug `swiftkeras` built beside the test runner by `swift build --build-tests`.
    static var debugExecutable: String? {
        existing((PluginFixtures.directory as NSString).appendingPathComponent("swiftkeras"))
    }

    /// The release `swiftkeras`, when `swift build -c release --product swiftkeras
    /// --scratch-path .build-release` has built it (scripts/test.sh does).
    static var releaseExecutable: String? {
        existing(packageRoot + "/.build-release/release/swiftkeras")
    }

    private static func existing(_ path: String) -> String? {
        FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Runs `executable` with `arguments` through `/bin/sh -c` (so `prefix`, e.g. `ulimit -f 8;`,
    /// applies to it) and waits for it.
    static func run(_ executable: String, _ arguments: [String], shellPrefix: String = "",
                    environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        process.arguments = ["-c", shellPrefix + "exec " + quoted.joined(separator: " ")]
        var env = ProcessInfo.processInfo.environment
        env["SWIFTKERAS_LOG_LEVEL"] = nil
        env["SWIFT_BACKTRACE"] = "enable=no"   // the backtracer takes seconds per crash
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Output goes to files, so a chatty child can never block on a full pipe.
        let base = NSTemporaryDirectory() + "swiftkeras-cli-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: base + ".out", contents: nil)
        FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer { unlink(base + ".out"); unlink(base + ".err") }
        process.standardOutput = FileHandle(forWritingAtPath: base + ".out")
        process.standardError = FileHandle(forWritingAtPath: base + ".err")
        try process.run()
        process.waitUntilExit()
        let outData = FileManager.default.contents(atPath: base + ".out") ?? Data()
        let errData = FileManager.default.contents(atPath: base + ".err") ?? Data()
        return Outcome(status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
                       standardOutput: String(decoding: outData, as: UTF8.self),
                       standardError: String(decoding: errData, as: UTF8.self))
    }
}
