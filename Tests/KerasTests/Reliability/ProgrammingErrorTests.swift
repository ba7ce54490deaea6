import Foundation
import Testing
@testable import Keras

/// Programming errors stop the process with a message naming the op, the shapes and what was
/// expected — in release builds too, where `-Ounchecked` used to remove the checks and a failed
/// `Swift.precondition` dies without a message. Each misuse runs in a child process
/// (`swiftkeras misuse <case>`), on the debug build and, when scripts/test.sh has built it, on the
/// release build.
@Suite("Programming errors stop with a message in every build")
struct ProgrammingErrorTests {
    /// Each misuse of issue 14 and what its message must contain.
    static let misuses: [(name: String, expected: [String])] = [
        ("dot", ["K.dot", "(2)", "(4)", "[2, 2]", "[4, 5]"]),
        ("reshape", ["K.reshape", "[4, 2]", "6"]),
        ("tensor", ["Tensor", "3 values", "[2, 2]"]),
        ("add", ["[2, 3]", "[4, 5]", "cannot be broadcast"]),
    ]

    static func check(_ executable: String) throws {
        for misuse in misuses {
            let outcome = try CLIProcess.run(executable, ["misuse", misuse.name])
            #expect(outcome.crashed, "\(misuse.name): expected the process to stop; stdout: \(outcome.standardOutput)")
            #expect(outcome.standardError.contains("SwiftKeras programming error"),
                    "\(misuse.name): stderr was: \(outcome.standardError)")
            for fragment in misuse.expected {
                #expect(outcome.standardError.contains(fragment),
                        "\(misuse.name): \"\(fragment)\" missing from stderr: \(outcome.standardError)")
            }
        }
    }

    @Test func debugBuildStopsWithTheMessage() throws {
        guard let executable = CLIProcess.debugExecutable else {
            Issue.record("swiftkeras is not built beside the tests: run `swift build --build-tests`")
            return
        }
        try Self.check(executable)
    }

    @Test(.enabled(if: CLIProcess.releaseExecutable != nil,
                   "needs `swift build -c release --product swiftkeras --scratch-path .build-release`"))
    func releaseBuildStopsWithTheSameMessage() throws {
        try Self.check(CLIProcess.releaseExecutable!)
    }
}
