import ArgumentParser
import Foundation
import Keras

/// `swiftkeras info`: the settings and where each came from, the plugins found (and those that
/// failed, with the reason), and what each backend runs natively.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show settings, plugins and backend coverage.",
        discussion: """
        Prints every setting with the source that won (API, environment, keras.json, default), \
        the plugin search path, every plugin found (path, versions, attributes), every plugin \
        that failed to load and why, and for each backend which kernels it runs natively and \
        which fall back to the reference backend; with several plugin backends, where `auto` \
        sends each kernel and why (measured times, only provider, or no plugin runs it).
        """
    )

    func run() throws {
        let registry = PluginRegistry.shared
        registry.discoverPlugins()
        let inUse = ActiveBackend.current
        let config = KerasConfiguration.current

        print("Settings (keras.json: \(config.filePath)\(config.fileFound ? "" : ", not present"))")
        table(config.entries.map { [$0.key, $0.value, "(\($0.source))"] }, indent: 2)
        if let selection = ActiveBackend.selection {
            var line = "  backend in use: \(selection.backend)"
            if selection.requested != selection.backend { line += " (requested \"\(selection.requested)\")" }
            print(line)
            if let note = selection.note { print("    \(note)") }
        }
        for problem in config.problems { print("  problem: \(problem.message)") }

        print("\nPlugin search path")
        table(registry.searchPath.map { entry in
            [entry.path, "(\(entry.origin))", FileManager.default.fileExists(atPath: entry.path) ? "" : "missing"]
        }, indent: 2)

        let plugins = registry.plugins
        print("\nPlugins (\(plugins.count))")
        for plugin in plugins {
            print("  \(plugin.path)")
            var summary = "    \(plugin.name) \(plugin.version), plugin ABI \(plugin.abiVersion), found in \(plugin.origin)"
            if let backend = plugin.backendName { summary += ", backend \"\(backend)\" (priority \(plugin.backendPriority ?? 0))" }
            if let communicator = plugin.communicatorName { summary += ", communicator \"\(communicator)\"" }
            print(summary)
            table(plugin.attributes.map { [$0.key, $0.value] }, indent: 4)
            if !plugin.layerClasses.isEmpty { print("    layers: " + plugin.layerClasses.joined(separator: ", ")) }
            for function in plugin.functions { print("    function: \(function)") }
            for op in plugin.nativeOps { print("    native op: \(op)") }
        }

        let failures = registry.failures
        print("\nPlugins that failed to load (\(failures.count))")
        for failure in failures { print("  \(failure.path)\n    \(failure.reason) [\(failure.origin)]") }

        print("\nBackends")
        for backend in BackendRegistry.allBackends() {
            let marker = backend.name == inUse.name ? " (in use)" : ""
            guard let plugin = backend as? PluginBackend else {
                print("  \(backend.name)\(marker): built in, runs every kernel")
                continue
            }
            print("  \(plugin.name)\(marker): from \(plugin.plugin.path)")
            describeCoverage(plugin.coverage())
        }
        if let routing = (inUse as? RoutingBackend) ?? (try? BackendRegistry.backend(named: BackendName.auto)) as? RoutingBackend {
            let marker = routing === inUse ? " (in use)" : ""
            print("  auto\(marker): each kernel on the fastest of \(routing.members.map(\.name).joined(separator: ", ")); routes \(routing.origin)")
            for line in routing.routeReport { print("    \(wrap(line.split(separator: " ").map(String.init), indent: 6, separator: " "))") }
        }
    }

    /// Native kernels grouped by dtypes, then what is composed and what falls back.
    private func describeCoverage(_ coverage: [KernelCoverage]) {
        var native: [(String, [DType])] = []
        var composed: [String] = [], fallback: [String] = []
        for kernel in BackendKernel.allCases {
            let entries = coverage.filter { $0.kernel == kernel }
            let claimed = entries.filter { !$0.nativeDTypes.isEmpty }
            if claimed.isEmpty {
                if kernel.isComposite { composed.append(kernel.description) } else { fallback.append(kernel.description) }
                continue
            }
            // Ops with the same dtypes share a line: "binary add, subtract [float32, float64]".
            var groups: [[DType]: [String]] = [:]
            var order: [[DType]] = []
            for entry in claimed {
                if groups[entry.nativeDTypes] == nil { order.append(entry.nativeDTypes) }
                groups[entry.nativeDTypes, default: []].append(entry.op != nil ? String(entry.name.split(separator: ".").last!) : "")
            }
            for dtypes in order {
                let ops = groups[dtypes]!.filter { !$0.isEmpty }
                native.append((ops.isEmpty ? kernel.description : "\(kernel) \(ops.joined(separator: ", "))", dtypes))
            }
            let declined = entries.filter { $0.nativeDTypes.isEmpty && $0.op != nil }.map { $0.name }
            fallback += declined
        }
        print("    native:")
        for (name, dtypes) in native { print("      \(name) [\(dtypes.map(\.rawValue).joined(separator: ", "))]") }
        if !composed.isEmpty { print("    composed from its primitives: \(composed.joined(separator: ", "))") }
        if !fallback.isEmpty { print("    falls back to reference: \(wrap(fallback, indent: 6))") }
    }

    private func wrap(_ items: [String], indent: Int, width: Int = 100, separator: String = ", ") -> String {
        var lines: [String] = [], line = ""
        for item in items {
            if !line.isEmpty && line.count + item.count + 2 > width - indent {
                lines.append(separator == ", " ? line + "," : line)
                line = ""
            }
            line += line.isEmpty ? item : separator + item
        }
        lines.append(line)
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    /// Prints rows with their columns aligned.
    private func table(_ rows: [[String]], indent: Int) {
        guard let columns = rows.map(\.count).max() else { return }
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
            var line = String(repeating: " ", count: indent) + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            print(line)
        }
    }
}
