import Foundation
import CKerasABI
import Testing
import Keras
@testable import KerasCore

/// Loading plugins that are broken or unusual: each gives a clear reason naming the file, and
/// loading goes on with the next one.
@Suite struct PluginLoaderTests {
    private func loadFailure(_ path: String, in registry: PluginRegistry = PluginFixtures.isolatedRegistry()) -> KerasError? {
        do {
            _ = try registry.load(path: path)
            return nil
        } catch let error as KerasError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func wrongABIMajorIsRefusedWithBothVersions() throws {
        guard let path = PluginFixtures.built("TestPluginWrongMajor") else { return }
        let error = try #require(loadFailure(path))
        #expect(error.kind == .plugin)
        #expect(error.message.contains(path))
        #expect(error.message.contains("built for plugin ABI 2.0"))
        #expect(error.message.contains("this SwiftKeras speaks ABI \(KERAS_ABI_VERSION_MAJOR).\(KERAS_ABI_VERSION_MINOR)"))
    }

    @Test func newerMinorWithLargerStructsLoadsAndRuns() throws {
        guard let path = PluginFixtures.built("TestPluginNewerMinor") else { return }
        let registry = PluginFixtures.isolatedRegistry()
        let info = try registry.load(path: path)
        #expect(info.abiVersion == ABIVersion(major: 1, minor: ABIVersion.host.minor + 1))
        #expect(info.backendName == "fixture-newer")
        #expect(info.attributes == [PluginInfo.Attribute(key: "fixture.kind", value: "newer minor")])
        let backend = try registry.backend(named: "fixture-newer", fallback: .error)
        let sum = backend.binary(.add, Tensor([1, 2, 3] as [Float], shape: [3]), Tensor([10, 20, 30] as [Float], shape: [3]))
        #expect(sum.scalars(as: Float.self) == [11, 22, 33])
        #expect(backend.usage == [KernelUsage(kernel: .binary, op: BinaryOp.add.rawValue, native: 1, fallback: 0)])
    }

    @Test func libraryWithoutTheEntrySymbolIsNotAPlugin() throws {
        guard let path = PluginFixtures.built("TestPluginNoEntry") else { return }
        let error = try #require(loadFailure(path))
        #expect(error.message.contains(path))
        #expect(error.message.contains("no entry point `keras_plugin_entry`"))
    }

    @Test func missingSharedLibraryDependencyIsNamed() throws {
        guard let built = PluginFixtures.built("TestPluginMissingDependency") else { return }
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The copy needs "libabsentkx.so.0" instead of OpenBLAS; no such library exists.
        let path = try PluginFixtures.copy(built, to: directory, as: "libTestPluginMissingDependency.so",
                                           replacing: "libopenblas.so.0", with: "libabsentkx.so.0")
        let error = try #require(loadFailure(path))
        #expect(error.message.contains(path))
        #expect(error.message.contains("a library it depends on is missing: libabsentkx.so.0"))
    }

    @Test func initErrorIsReportedAndTheBackendIsNotRegistered() throws {
        guard let path = PluginFixtures.built("TestPluginInitFails") else { return }
        let registry = PluginFixtures.isolatedRegistry()
        let error = try #require(loadFailure(path, in: registry))
        #expect(error.message.contains(path))
        #expect(error.message.contains("init failed (INTERNAL): no accelerator device found"))
        #expect(registry.backendNames.isEmpty)
        #expect(registry.failures.map(\.path) == [path])
        // The outcome is remembered: init is not run a second time.
        let again = try #require(loadFailure(path, in: registry))
        #expect(again.message == error.message)
    }

    @Test func directoryTextFileAndMissingPathAreNotPlugins() throws {
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = (directory as NSString).appendingPathComponent("libKerasNotes.so")
        try "these are notes, not a library\n".write(toFile: text, atomically: true, encoding: .utf8)
        let missing = (directory as NSString).appendingPathComponent("libKerasMissing.so")

        let isDirectory = try #require(loadFailure(directory))
        #expect(isDirectory.message.contains("\(directory): is a directory"))
        let isText = try #require(loadFailure(text))
        #expect(isText.message.contains("\(text): is not a shared library (no ELF header"))
        let isMissing = try #require(loadFailure(missing))
        #expect(isMissing.message.contains("\(missing): no such file"))
    }

    /// A truncated copy of a real plugin used to be mapped past its end by `dlopen` and kill the
    /// process with SIGBUS; now the ELF structure is checked first and the load fails cleanly.
    @Test func truncatedLibraryIsRefusedBeforeDlopen() throws {
        guard let original = PluginFixtures.built("ExampleBackend") else { return }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for length in [40, 4096, bytes.count / 2, bytes.count - 1] {
            let path = (directory as NSString).appendingPathComponent("libKerasCut\(length).so")
            try bytes.prefix(length).write(to: URL(fileURLWithPath: path))
            let failure = try #require(loadFailure(path))
            #expect(failure.kind == .plugin)
            #expect(failure.message.contains("\(path): is truncated"), "\(length) bytes: \(failure.message)")
        }
        // The whole file still loads.
        let whole = (directory as NSString).appendingPathComponent("libKerasWhole.so")
        try bytes.write(to: URL(fileURLWithPath: whole))
        #expect(ELFImageCheck.problem(try #require(FileHandle(forReadingAtPath: whole)), fileSize: UInt64(bytes.count)) == nil)
    }

    @Test func secondPluginClaimingABackendNameIsRefusedBeforeInit() throws {
        guard let first = PluginFixtures.built("TestPluginNewerMinor"),
              let second = PluginFixtures.built("TestPluginDuplicate") else { return }
        let registry = PluginFixtures.isolatedRegistry()
        try registry.load(path: first)
        let error = try #require(loadFailure(second, in: registry))
        #expect(error.message.contains(second))
        #expect(error.message.contains("backend \"fixture-newer\" is already provided by \(first)"))
        #expect(registry.backendNames == ["fixture-newer"])
        let handle = try #require(dlopen(second, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD))
        let probe = try #require(dlsym(handle, "test_plugin_duplicate_initialized"))
        let initialized = unsafeBitCast(probe, to: (@convention(c) () -> Int32).self)
        #expect(initialized() == 0)
    }

    @Test func discoveryRecordsFailuresAndGoesOn() throws {
        guard let good = PluginFixtures.built("TestPluginNewerMinor"),
              let bad = PluginFixtures.built("TestPluginWrongMajor") else { return }
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // In a directory only libKeras* files are candidates; the notes file is one, and fails.
        try "not a library".write(toFile: (directory as NSString).appendingPathComponent("libKerasNotes.so"),
                                  atomically: true, encoding: .utf8)
        try "ignored".write(toFile: (directory as NSString).appendingPathComponent("README.txt"),
                            atomically: true, encoding: .utf8)
        let missing = (directory as NSString).appendingPathComponent("nowhere")
        let registry = PluginRegistry(searchPath: {
            [PluginSearchPath.Entry(path: bad, origin: .environment),
             PluginSearchPath.Entry(path: missing, origin: .configFile),
             PluginSearchPath.Entry(path: directory, origin: .environment),
             PluginSearchPath.Entry(path: good, origin: .api)]
        })
        registry.discoverPlugins()
        #expect(registry.backendNames == ["fixture-newer"])
        let failures = registry.failures.map(\.description)
        #expect(failures.count == 3)
        #expect(failures[0].hasPrefix("\(bad): built for plugin ABI 2.0"))
        #expect(failures[1] == "\(missing): search path entry does not exist (from keras.json plugin_paths)")
        #expect(failures[2].contains("libKerasNotes.so: is not a shared library"))
    }
}
