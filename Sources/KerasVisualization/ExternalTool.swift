import KerasCore
import Foundation

/// Writing pictures to files, and running the command-line converters (`dot`, `rsvg-convert`)
/// that turn text formats into images.
enum ExternalTool {
    /// Writes `text` to `path` as UTF-8; throws naming the path.
    static func writeText(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw KerasError(.io, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The full path of `tool` on `PATH`, if installed.
    static func find(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The full path of `tool`; throws a ``KerasError`` naming the Debian `package` that provides
    /// it when it is not installed.
    static func require(_ tool: String, package: String, purpose: String) throws -> String {
        guard let executable = find(tool) else {
            throw KerasError(.unimplemented, "`\(tool)` is not on PATH; it is needed to \(purpose). Install it with: apt-get install \(package)")
        }
        return executable
    }

    /// Runs `tool arguments…` with `input` on standard input; throws a ``KerasError`` naming the
    /// Debian `package` that provides the tool when it is missing, and the tool's error output
    /// when it fails.
    static func convert(_ input: String, with tool: String, arguments: [String], package: String, purpose: String) throws {
        let executable = try require(tool, package: package, purpose: purpose)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw KerasError(.io, "cannot run \(executable): \(error.localizedDescription)")
        }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw KerasError(.io, "\(tool) \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)): \(message)")
        }
    }
}
