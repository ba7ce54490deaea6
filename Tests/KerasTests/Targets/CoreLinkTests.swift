import Foundation
import Testing
@testable import KerasCore

/// The target split (docs/architecture.md, "Targets"): a program on the `KerasCore` product
/// alone links neither zlib nor HDF5, while `import Keras` (the CLI) still brings both in.
/// Reads the dynamic dependencies `ldd` resolves (transitive ones included) of the executables
/// `swift build --build-tests` puts beside the tests.
@Suite("Targets: the core links neither zlib nor HDF5")
struct CoreLinkTests {
    static func builtExecutable(_ name: String) -> String? {
        let path = (PluginFixtures.directory as NSString).appendingPathComponent(name)
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// The file names of the shared libraries `executable` loads.
    static func sharedLibraries(of executable: String) throws -> [String] {
        let outcome = try CLIProcess.run("/usr/bin/ldd", [executable])
        #expect(outcome.status == 0, "ldd \(executable): \(outcome.standardError)")
        return outcome.standardOutput.split(separator: "\n").compactMap {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        }
    }

    static func linksZlibOrHDF5(_ libraries: [String]) -> [String] {
        libraries.filter { $0.hasPrefix("libz.so") || $0.hasPrefix("libhdf5") }
    }

    @Test func coreOnlyProgramLinksNeitherZlibNorHDF5ButTheCLIDoes() throws {
        guard let core = Self.builtExecutable("KerasCoreOnly"), let cli = Self.builtExecutable("swiftkeras") else {
            Issue.record("KerasCoreOnly / swiftkeras are not built beside the tests: run `swift build --build-tests`")
            return
        }
        let coreLibraries = try Self.sharedLibraries(of: core)
        #expect(coreLibraries.contains { $0.hasPrefix("libffi.so") })   // the core's own C dependency
        #expect(Self.linksZlibOrHDF5(coreLibraries) == [])
        // The check is not vacuous: the CLI imports `Keras`, whose saving and datasets parts link both.
        let cliLibraries = Self.linksZlibOrHDF5(try Self.sharedLibraries(of: cli))
        #expect(cliLibraries.contains { $0.hasPrefix("libz.so") })
        #expect(cliLibraries.contains { $0.hasPrefix("libhdf5") })
    }

    @Test func coreOnlyProgramTrainsADenseLayer() throws {
        guard let core = Self.builtExecutable("KerasCoreOnly") else {
            Issue.record("KerasCoreOnly is not built beside the tests: run `swift build --build-tests`")
            return
        }
        // It fits y = 2x − 1 with one Dense unit and prints "kernel <k> bias <b>".
        let outcome = try CLIProcess.run(core, [], environment: ["SWIFTKERAS_BACKEND": "reference"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let fields = outcome.standardOutput.split(whereSeparator: \.isWhitespace)
        #expect(fields.count == 4 && fields[0] == "kernel" && fields[2] == "bias", "\(outcome.standardOutput)")
        guard fields.count == 4, let kernel = Double(fields[1]), let bias = Double(fields[3]) else { return }
        #expect(abs(kernel - 2) < 1e-3)
        #expect(abs(bias + 1) < 1e-3)
    }
}
