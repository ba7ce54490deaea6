import Foundation
import Synchronization

/// The plugins of this process: those loaded, those that failed and why, and the backends they
/// provide. Discovery (``discoverPlugins()``) walks the ``PluginSearchPath`` once, on the first
/// backend lookup; ``load(path:)`` loads one file on request.
///
/// Plugins are never unloaded. A file is opened and initialised once per process; when two
/// plugins claim one backend name, the first found keeps it and the second is a failure.
///
/// ```swift
/// let info = try PluginRegistry.shared.load(path: "/opt/plugins/libKerasMine.so")
/// print(info.backendName ?? "no backend")
/// for failure in PluginRegistry.shared.failures { print(failure) }
/// ```
public final class PluginRegistry: Sendable {
    /// The process's registry, which backend selection uses.
    public static let shared = PluginRegistry()

    private struct State {
        var plugins: [LoadedPlugin] = []
        var failures: [PluginLoadFailure] = []
        var backends: [String: LoadedPlugin] = [:]
        var searchPath: [PluginSearchPath.Entry] = []
    }

    private let state = Mutex(State())
    /// Held for the whole of discovery, so concurrent lookups wait for it to finish; `true`
    /// once done.
    private let discovery = Mutex(false)
    private let searchPathProvider: @Sendable () -> [PluginSearchPath.Entry]

    /// A registry that discovers plugins on `searchPath` (default: the process's configuration).
    public init(searchPath: (@Sendable () -> [PluginSearchPath.Entry])? = nil) {
        searchPathProvider = searchPath ?? {
            PluginSearchPath.entries(api: KerasConfig.pluginPaths, configuration: KerasConfiguration.startup)
        }
    }

    /// Every plugin loaded so far, in load order.
    public var plugins: [PluginInfo] { state.withLock { $0.plugins.map(\.info) } }

    /// Every plugin that failed to load, with the reason.
    public var failures: [PluginLoadFailure] { state.withLock { $0.failures } }

    /// The search path discovery walked (empty before discovery).
    public var searchPath: [PluginSearchPath.Entry] { state.withLock { $0.searchPath } }

    /// The names of the plugin backends loaded so far, highest priority first.
    public var backendNames: [String] {
        state.withLock { state in
            state.backends.values.sorted { ($0.kernels?.priority ?? 0, $1.info.path) > ($1.kernels?.priority ?? 0, $0.info.path) }
                .compactMap(\.kernels?.name)
        }
    }

    /// Loads the plugin file at `path` (already loaded: returns it again). Throws a
    /// ``KerasError`` (`.plugin`) naming the path and the cause: no such file, a directory, not
    /// a shared library, a missing dependency, no entry point, a different ABI major, an init
    /// error, or a backend name another plugin already provides.
    @discardableResult
    public func load(path: String) throws -> PluginInfo {
        switch load(path: path, origin: .api) {
        case .success(let plugin): return plugin.info
        case .failure(let failure): throw failure.error
        }
    }

    /// Loads every plugin on the search path, once; later calls do nothing.
    public func discoverPlugins() {
        discovery.withLock { done in
            guard !done else { return }
            discover()
            done = true
        }
    }

    private func discover() {
        let entries = searchPathProvider()
        state.withLock { $0.searchPath = entries }
        for entry in entries {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: entry.path, isDirectory: &isDirectory)
            if !exists {
                if entry.origin.isExplicit {
                    record(PluginLoadFailure(path: entry.path, reason: "search path entry does not exist (from \(entry.origin))", origin: entry.origin))
                }
            } else if isDirectory.boolValue {
                for file in PluginSearchPath.candidates(in: entry.path) { _ = load(path: file, origin: entry.origin) }
            } else {
                _ = load(path: entry.path, origin: entry.origin)
            }
        }
    }

    /// An adapter for plugin backend `name` of this registry (discovering plugins first), with
    /// its own usage counters and fallback policy. Most programs use
    /// ``BackendRegistry/backend(named:fallback:)`` instead, which shares one adapter per backend.
    public func backend(named name: String, fallback: FallbackPolicy? = nil) throws -> PluginBackend {
        guard let plugin = plugin(providingBackend: name), let kernels = plugin.kernels else {
            throw KerasError(.config, "backend \"\(name)\" is not available: no plugin provides it. Available plugin backends: "
                             + (backendNames.isEmpty ? "none" : backendNames.joined(separator: ", ")))
        }
        return PluginBackend(plugin: plugin.info, table: kernels, fallback: fallback)
    }

    /// The communicator named `name` (`"mpi"`) of the first loaded plugin providing one (after
    /// discovery), or `nil`.
    func communicator(named name: String) -> (table: CommunicatorTable, plugin: PluginInfo)? {
        discoverPlugins()
        return state.withLock { state in
            state.plugins.lazy.compactMap { p in p.communicator.flatMap { $0.name == name ? ($0, p.info) : nil } }.first
        }
    }

    /// The loaded plugin providing backend `name` (after discovery).
    func plugin(providingBackend name: String) -> LoadedPlugin? {
        discoverPlugins()
        return state.withLock { $0.backends[name] }
    }

    // MARK: Loading

    func load(path: String, origin: PluginSearchPath.Origin) -> Result<LoadedPlugin, PluginLoadFailure> {
        let realPath = (path as NSString).resolvingSymlinksInPath
        if let known = state.withLock({ $0.plugins.first { $0.realPath == realPath } }) { return .success(known) }

        let outcome: Result<LoadedPlugin, PluginLoadFailure>
        if let cached = PluginLoader.cached(realPath: realPath) {
            outcome = cached.flatMap { claim($0.info.backendName, $0, path: path, origin: origin) }
        } else {
            switch PluginLoader.open(path, origin: origin) {
            case .failure(let failure):
                outcome = .failure(failure)
            case .success(let opened):
                if let conflict = conflict(for: opened.backendName, realPath: opened.realPath) {
                    // Refused before init: this file stays unusable for the process.
                    let failure = PluginLoadFailure(path: path, reason: conflict, origin: origin)
                    PluginLoader.remember(.failure(failure), realPath: opened.realPath)
                    outcome = .failure(failure)
                } else {
                    let initialized = PluginLoader.initialize(opened)
                    PluginLoader.remember(initialized, realPath: opened.realPath)
                    outcome = initialized.flatMap { claim($0.info.backendName, $0, path: path, origin: origin) }
                }
            }
        }
        switch outcome {
        case .success(let plugin):
            state.withLock { state in
                if !state.plugins.contains(where: { $0 === plugin }) { state.plugins.append(plugin) }
                if let name = plugin.kernels?.name, state.backends[name] == nil { state.backends[name] = plugin }
            }
        case .failure(let failure):
            record(failure)
        }
        return outcome
    }

    /// Why a plugin claiming `backendName` cannot be registered here, or `nil`.
    private func conflict(for backendName: String?, realPath: String) -> String? {
        guard let backendName else { return nil }
        return state.withLock { state in
            guard let owner = state.backends[backendName], owner.realPath != realPath else { return nil }
            return "backend \"\(backendName)\" is already provided by \(owner.info.path); this plugin is ignored"
        }
    }

    private func claim(_ backendName: String?, _ plugin: LoadedPlugin, path: String,
                       origin: PluginSearchPath.Origin) -> Result<LoadedPlugin, PluginLoadFailure> {
        if let reason = conflict(for: backendName, realPath: plugin.realPath) {
            return .failure(PluginLoadFailure(path: path, reason: reason, origin: origin))
        }
        return .success(plugin)
    }

    private func record(_ failure: PluginLoadFailure) {
        state.withLock { state in
            if !state.failures.contains(failure) { state.failures.append(failure) }
        }
    }
}
