import Foundation

/// One benchmark process — a SwiftKeras workload or a peer Keras script — run to completion,
/// with the JSON line it printed.
struct PeerRun {
    /// Who ran: `"swiftkeras/openblas"`, `"keras/jax"`, …
    let runner: String
    /// The parsed JSON result, or nil when the process failed.
    let result: [String: Any]?
    /// Why there is no result.
    let failure: String?

    /// Runs `executable arguments…` and parses the last line of its output that is a JSON
    /// object. `environment` is added to this process's environment.
    static func run(runner: String, executable: String, arguments: [String],
                    environment: [String: String] = [:]) -> PeerRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Standard error goes to a file, not a second pipe: reading one pipe to its end while
        // the child fills the other (TensorFlow's warnings) would block both processes.
        let errorsPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("swiftkeras-peer-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).err")
        defer { try? FileManager.default.removeItem(at: errorsPath) }
        let output = Pipe()
        process.standardOutput = output
        do {
            guard FileManager.default.createFile(atPath: errorsPath.path, contents: nil) else {
                return PeerRun(runner: runner, result: nil, failure: "cannot create \(errorsPath.path) for \(runner)'s standard error")
            }
            process.standardError = try FileHandle(forWritingTo: errorsPath)
            try process.run()
        } catch {
            return PeerRun(runner: runner, result: nil, failure: "cannot start \(executable): \(error)")
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: errorsPath)) ?? Data()
        let text = String(decoding: stdout, as: UTF8.self)
        let line = text.split(separator: "\n").last { $0.hasPrefix("{") }
        if process.terminationStatus == 0, let line,
           let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
            return PeerRun(runner: runner, result: object, failure: nil)
        }
        let tail = String(decoding: stderr, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " | ")
        return PeerRun(runner: runner, result: nil,
                       failure: "\(runner) exited with status \(process.terminationStatus): \(tail)")
    }

    /// The number at a dotted key path (`"predict_10000_bs1024.samples_per_s"`).
    func number(_ path: String) -> Double? {
        var value: Any? = result
        for key in path.split(separator: ".") { value = (value as? [String: Any])?[String(key)] }
        return (value as? NSNumber)?.doubleValue
    }
}

/// Finds a Python interpreter that can `import keras`, for running the peer scripts.
enum PeerPython {
    /// `explicit`, else `$SWIFTKERAS_PEER_PYTHON`, else `python3` on the PATH — the first that
    /// imports keras; nil (with the reason) when none does.
    static func find(explicit: String?) -> (path: String?, note: String) {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [explicit, environment["SWIFTKERAS_PEER_PYTHON"]].compactMap { $0 }
        if explicit == nil {
            candidates += (environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/python3" }
        }
        for path in candidates where FileManager.default.isExecutableFile(atPath: path) {
            let probe = PeerRun.run(runner: "probe", executable: path,
                                    arguments: ["-c", "import json, keras; print(json.dumps({'keras': keras.__version__}))"])
            if let version = probe.result?["keras"] as? String { return (path, "\(path) (Keras \(version))") }
        }
        return (nil, "no Python with Keras found (tried \(candidates.isEmpty ? "nothing" : candidates.joined(separator: ", "))); "
                + "give one with --python or SWIFTKERAS_PEER_PYTHON, e.g. a venv with `pip install keras jax tensorflow-cpu`")
    }
}
