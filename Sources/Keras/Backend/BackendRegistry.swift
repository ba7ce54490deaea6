import Synchronization

/// Every backend this process can use, by name: `"reference"` (built in) and the backends of
/// the plugins found on the ``PluginSearchPath``; `"auto"` routes each kernel to the fastest of
/// them (``auto()``).
///
/// This is the API for picking a backend without making it the process-wide one — what the
/// conformance runner and the cross-backend tests use, with ``ActiveBackend/withBackend(_:_:)``.
///
/// ```swift
/// for name in BackendRegistry.availableNames {
///     let backend = try BackendRegistry.backend(named: name, fallback: .error)
///     let y = ActiveBackend.withBackend(backend) { K.dot(a, b) }
/// }
/// ```
public enum BackendRegistry {
    /// One adapter per plugin backend, following ``KerasConfig/fallback``.
    private static let adapters = Mutex<[String: PluginBackend]>([:])

    /// `"reference"`, then every plugin backend that loaded, highest priority first. Discovers
    /// plugins on first use.
    public static var availableNames: [String] {
        PluginRegistry.shared.discoverPlugins()
        return [BackendName.reference] + PluginRegistry.shared.backendNames
    }

    /// The backend called `name`: `"reference"`, `"auto"` (see ``auto()``), or a plugin
    /// backend. `fallback` fixes this instance's fallback policy (`nil`: follow
    /// ``KerasConfig/fallback``); it matters only for plugin backends.
    ///
    /// Throws a ``KerasError`` when no plugin provides `name`, saying which backends exist,
    /// which plugins failed to load and why, and where it searched.
    public static func backend(named name: String, fallback: FallbackPolicy? = nil) throws -> any Backend {
        switch name {
        case BackendName.reference:
            return ReferenceBackend.shared
        case BackendName.auto:
            let auto = self.auto()
            guard let fallback else { return auto }
            if let routing = auto as? RoutingBackend { return routing.withFallback(fallback) }
            if let plugin = auto as? PluginBackend { return plugin.withFallback(fallback) }
            return auto
        default:
            guard BackendName.isValid(name) else {
                throw KerasError(.config, "backend \"\(name)\" is not a valid backend name (lowercase letters, digits, '-', '_')")
            }
            guard let plugin = PluginRegistry.shared.plugin(providingBackend: name) else {
                throw unavailable(name)
            }
            let adapter = self.adapter(for: plugin)
            return fallback.map(adapter.withFallback) ?? adapter
        }
    }

    /// Every backend that loads: the reference backend first, then the plugin backends.
    public static func allBackends(fallback: FallbackPolicy? = nil) -> [any Backend] {
        availableNames.compactMap { try? backend(named: $0, fallback: fallback) }
    }

    /// The highest-priority plugin backend that loaded, if its priority is above the reference
    /// backend's (0); otherwise the reference backend.
    public static func bestAvailable() -> any Backend {
        PluginRegistry.shared.discoverPlugins()
        guard let name = PluginRegistry.shared.backendNames.first,
              let plugin = PluginRegistry.shared.plugin(providingBackend: name),
              (plugin.kernels?.priority ?? 0) > 0 else {
            return ReferenceBackend.shared
        }
        return adapter(for: plugin)
    }

    /// The `"auto"` backend, made once: with several plugin backends above the reference
    /// backend's priority, a ``RoutingBackend`` over them (routes measured or cached, see
    /// ``AutoRouting``); with one, that plugin's backend; with none, the reference backend.
    public static func auto() -> any Backend {
        PluginRegistry.shared.discoverPlugins()
        return autoBackend.withLock { made in
            if let made { return made }
            let plugins = PluginRegistry.shared.backendNames.compactMap { PluginRegistry.shared.plugin(providingBackend: $0) }
                .filter { ($0.kernels?.priority ?? 0) > 0 }.map(adapter(for:))
            let backend: any Backend
            switch plugins.count {
            case 0: backend = ReferenceBackend.shared
            case 1: backend = plugins[0]
            default:
                let configuration = KerasConfiguration.startup
                backend = AutoRouting.backend(over: plugins, mode: configuration.autoRouting.value, home: configuration.home.value,
                                              threads: KerasConfig.currentThreads)
            }
            made = backend
            return backend
        }
    }

    private static let autoBackend = Mutex<(any Backend)?>(nil)

    /// The shared adapter of a loaded plugin's backend.
    static func adapter(for plugin: LoadedPlugin) -> PluginBackend {
        adapters.withLock { adapters in
            let name = plugin.kernels!.name
            if let existing = adapters[name] { return existing }
            let made = PluginBackend(plugin: plugin.info, table: plugin.kernels!, fallback: nil)
            adapters[name] = made
            return made
        }
    }

    /// The error for a backend name no plugin provides.
    static func unavailable(_ name: String) -> KerasError {
        let registry = PluginRegistry.shared
        var message = "backend \"\(name)\" is not available: no plugin provides it. Available backends: "
            + ([BackendName.reference] + registry.backendNames).joined(separator: ", ") + "."
        let failures = registry.failures
        if !failures.isEmpty {
            message += " Plugins that failed to load: " + failures.map(\.description).joined(separator: "; ") + "."
        }
        let searched = registry.searchPath.map(\.description)
        message += searched.isEmpty ? "" : " Searched: " + searched.joined(separator: ", ") + "."
        return KerasError(.config, message)
    }
}
