import Foundation
import Synchronization
import Testing
@testable import Keras

/// Runs the data-parallel test programs, alone or under `mpirun`.
enum MPIJob {
    /// `DataParallelCheck` and `mpirun`, or `nil` after recording what is missing (the MPI
    /// plugin not built: `PluginFixtures.built` records it).
    static func prerequisites(sourceLocation: SourceLocation = #_sourceLocation) -> (program: String, mpirun: String)? {
        let program = (PluginFixtures.directory as NSString).appendingPathComponent("DataParallelCheck")
        guard FileManager.default.isExecutableFile(atPath: program) else {
            Issue.record("\(program) is not built: run `swift build --build-tests` first", sourceLocation: sourceLocation)
            return nil
        }
        guard PluginFixtures.built("KerasMPI", sourceLocation: sourceLocation) != nil else { return nil }
        guard let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("mpirun not found: install Open MPI (bash scripts/setup.sh installs openmpi-bin)", sourceLocation: sourceLocation)
            return nil
        }
        return (program, mpirun)
    }

    /// `mpirun` with `ranks` ranks on this machine (more ranks than cores, and as root, allowed).
    static func launch(_ mpirun: String, ranks: Int) -> [String] {
        [mpirun, "--oversubscribe", "--allow-run-as-root", "-np", "\(ranks)"]
    }

    /// Runs `arguments` (the first is the executable) and returns its exit status and stderr.
    /// `hangGuard` seconds after the start a process still running is killed and `hung` is true:
    /// a safety net so that a test of "never hangs" fails instead of hanging the suite.
    static func run(_ arguments: [String], hangGuard: Double = 600) throws -> (status: Int32, stderr: String, hung: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let hung = Mutex(false)
        let guardTimer = DispatchSource.makeTimerSource(queue: .global())
        guardTimer.schedule(deadline: .now() + hangGuard)
        guardTimer.setEventHandler {
            guard process.isRunning else { return }
            hung.withLock { $0 = true }
            process.terminate()  // mpirun passes SIGTERM on to its ranks
        }
        guardTimer.resume()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guardTimer.cancel()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), hung.withLock { $0 })
    }

    /// The JSON report a `DataParallelCheck` run wrote.
    static func report(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
