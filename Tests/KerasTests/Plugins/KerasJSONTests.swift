import Foundation
import Testing
import Keras
@testable import KerasCore

/// keras.json: keys, validation messages, and the precedence API > environment > file > default.
@Suite struct KerasJSONTests {
    /// A SWIFTKERAS_HOME holding `json` as keras.json (no file when `nil`).
    private func home(_ json: String?) throws -> String {
        let directory = try PluginFixtures.temporaryDirectory()
        if let json {
            try json.write(toFile: (directory as NSString).appendingPathComponent("keras.json"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func everyKeyIsReadWithTheFileAsItsSource() throws {
        let dir = try home("""
            {"backend": "openblas", "floatx": "float64", "epsilon": 1e-5, "image_data_format": "channels_first",
             "plugin_paths": ["/opt/a", "/opt/b"], "threads": 3, "fallback": "warn"}
            """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = KerasConfiguration.resolve(environment: ["SWIFTKERAS_HOME": dir])
        let file = SettingSource.file((dir as NSString).appendingPathComponent("keras.json"))
        #expect(c.problems.isEmpty)
        #expect(c.fileFound)
        #expect(c.backend == Setting("openblas", file))
        #expect(c.floatx == Setting(.float64, file))
        #expect(c.epsilon == Setting(1e-5, file))
        #expect(c.imageDataFormat == Setting(.channelsFirst, file))
        #expect(c.pluginPaths == Setting(["/opt/a", "/opt/b"], file))
        #expect(c.threads == Setting(3, file))
        #expect(c.fallback == Setting(.warn, file))
        #expect(c.home == Setting(dir, .environment("SWIFTKERAS_HOME")))
    }

    @Test func environmentBeatsTheFileAndAnEmptyVariableCountsAsUnset() throws {
        let dir = try home(#"{"backend": "reference", "threads": 3, "plugin_paths": ["/opt/file"]}"#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = KerasConfiguration.resolve(environment: [
            "SWIFTKERAS_HOME": dir, "SWIFTKERAS_BACKEND": "openblas", "SWIFTKERAS_NUM_THREADS": "",
            "SWIFTKERAS_PLUGIN_PATH": "/opt/env1::/opt/env2",
        ])
        #expect(c.backend == Setting("openblas", .environment("SWIFTKERAS_BACKEND")))
        #expect(c.threads.value == 3)  // the empty variable is ignored
        #expect(c.environmentPluginPaths == ["/opt/env1", "/opt/env2"])
        // Plugin paths add up, in search order.
        let entries = PluginSearchPath.entries(api: ["/opt/api"], configuration: c, executableDirectory: "/usr/local/bin")
        #expect(entries.map(\.path) == ["/opt/api", "/opt/env1", "/opt/env2", "/opt/file", "/usr/local/bin",
                                        (dir as NSString).appendingPathComponent("plugins"), "/usr/local/lib/swiftkeras"])
        #expect(entries.map(\.origin) == [.api, .environment, .environment, .configFile, .executableDirectory,
                                          .installDirectory, .installDirectory])
    }

    @Test func defaultsWithoutAFile() throws {
        let dir = try home(nil)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = KerasConfiguration.resolve(environment: ["HOME": "/nowhere", "SWIFTKERAS_HOME": dir])
        #expect(!c.fileFound && c.problems.isEmpty)
        #expect(c.backend == Setting("auto", .defaultValue))
        #expect(c.floatx == Setting(.float32, .defaultValue))
        #expect(c.epsilon == Setting(1e-7, .defaultValue))
        #expect(c.fallback == Setting(.allow, .defaultValue))
        #expect(c.threads == Setting(System.coreCount, .defaultValue))
        let homeless = KerasConfiguration.resolve(environment: [:], homeDirectory: "/home/me")
        #expect(homeless.home == Setting("/home/me/.swiftkeras", .defaultValue))
        #expect(homeless.filePath == "/home/me/.swiftkeras/keras.json")
    }

    @Test func invalidJSONNamesTheFileAndSetsNothing() throws {
        let dir = try home(#"{"backend": "openblas",, }"#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("keras.json")
        let c = KerasConfiguration.resolve(environment: ["SWIFTKERAS_HOME": dir])
        #expect(c.problems.count == 1)
        #expect(c.problems.first?.message.hasPrefix("\(path): not valid JSON") == true)
        #expect(c.backend == Setting("auto", .defaultValue))
        #expect(throws: KerasError.self) { try KerasJSONFile.load(path: path) }
    }

    @Test func wrongTypesNameTheKeyAndKeepTheOtherKeys() throws {
        let dir = try home("""
            {"floatx": "float16", "epsilon": "small", "threads": 2.5, "fallback": "maybe",
             "plugin_paths": "/opt/x", "image_data_format": "channels_middle", "backend": 7, "backedn": "openblas",
             "floatx_ok_next": null, "threads_valid": 1}
            """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("keras.json")
        let file = try #require(KerasJSONFile.read(path: path))
        let messages = file.problems.map(\.message)
        #expect(messages.contains("\(path): key `floatx`: expected \"float32\" or \"float64\" (SwiftKeras has no float16), received \"float16\""))
        #expect(messages.contains("\(path): key `epsilon`: expected a positive number such as 1e-07, received \"small\""))
        #expect(messages.contains("\(path): key `threads`: expected a whole number of threads from 1 to 4096, received 2.5"))
        #expect(messages.contains("\(path): key `fallback`: expected \"allow\", \"warn\" or \"error\", received \"maybe\""))
        #expect(messages.contains("\(path): key `plugin_paths`: expected a list of paths (strings), received \"/opt/x\""))
        #expect(messages.contains("\(path): key `image_data_format`: expected \"channels_last\" or \"channels_first\", received \"channels_middle\""))
        #expect(messages.contains { $0.hasPrefix("\(path): key `backend`: expected a string") && $0.hasSuffix("received 7") })
        #expect(messages.contains { $0.hasPrefix("\(path): unknown key `backedn` (ignored)") })
        #expect(file.floatx == nil && file.threads == nil && file.backend == nil)

        let good = try home(#"{"floatx": "float64", "threads": "many"}"#)
        defer { try? FileManager.default.removeItem(atPath: good) }
        let c = KerasConfiguration.resolve(environment: ["SWIFTKERAS_HOME": good, "SWIFTKERAS_NUM_THREADS": "lots"])
        #expect(c.floatx.value == .float64)  // the good key still applies
        #expect(c.threads == Setting(System.coreCount, .defaultValue))
        #expect(c.problems.map(\.message).contains("environment SWIFTKERAS_NUM_THREADS: expected a whole number of threads from 1 to 4096, received \"lots\""))
    }

    @Test func aDirectoryInPlaceOfTheFileIsAProblem() throws {
        let dir = try home(nil)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("keras.json")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let c = KerasConfiguration.resolve(environment: ["SWIFTKERAS_HOME": dir])
        #expect(c.problems.map(\.message) == ["\(path): is a directory, expected a keras.json file"])
    }

    @Test func unknownBackendNameFallsBackToReferenceWithTheReason() {
        let choice = ActiveBackend.resolve(Setting("tensorflow", .file("/home/me/.swiftkeras/keras.json")))
        #expect(choice.backend.name == "reference")
        let note = choice.note ?? ""
        #expect(note.hasPrefix("backend \"tensorflow\" (from file /home/me/.swiftkeras/keras.json) cannot be used: backend \"tensorflow\" is not available: no plugin provides it. Available backends: reference"))
        #expect(throws: KerasError.self) { try BackendRegistry.backend(named: "tensorflow") }
    }

    @Test func referenceAndAutoAlwaysResolve() throws {
        #expect(try BackendRegistry.backend(named: "reference") === ReferenceBackend.shared)
        let auto = try BackendRegistry.backend(named: "auto")
        #expect(auto === BackendRegistry.auto())
        #expect(ActiveBackend.resolve(Setting("auto", .defaultValue)).backend === auto)
        // Several plugin backends: a router over them, highest priority first; one: that plugin.
        let plugins = BackendRegistry.availableNames.dropFirst()
        if plugins.count > 1, let routing = auto as? RoutingBackend {
            #expect(routing.name == "auto")
            #expect(routing.members.allSatisfy { plugins.contains($0.name) })
            #expect(routing.members.first?.name == BackendRegistry.bestAvailable().name)
        } else {
            #expect(auto.name == BackendRegistry.bestAvailable().name)
        }
    }
}
