import Synchronization

/// The backend `K` runs on: chosen once per process and fixed after first use.
///
/// The choice comes, by precedence, from ``select(_:)`` (before the first `K` call), the
/// `SWIFTKERAS_BACKEND` environment variable, `"backend"` in `keras.json`, or the default
/// `"auto"` — every kernel on the fastest plugin backend that runs it (``RoutingBackend``), the
/// one plugin backend that loads, else `"reference"`. The first
/// read of ``current`` (the first `K` call) makes the choice if the program has not.
///
/// A backend named in the environment or in keras.json that cannot be loaded is logged as an
/// error naming the source and the loader's reason, and the reference backend runs instead; a
/// program that would rather stop calls ``activate()`` (or ``select(_:)``), which throw.
///
/// ```swift
/// try ActiveBackend.select("openblas")   // throws if it cannot be loaded
/// K.backendName()                        // "openblas"
/// ```
public enum ActiveBackend {
    /// The fixed choice. Immutable and never freed, so ``current`` reads it without a lock.
    final class Choice: Sendable {
        let backend: any Backend
        let requested: String
        let source: SettingSource
        /// How the request was resolved, when that is worth saying, and how loudly.
        let note: String?
        let noteLevel: KerasLog.Level

        init(backend: any Backend, requested: String, source: SettingSource, note: String? = nil,
             noteLevel: KerasLog.Level = .info) {
            self.backend = backend
            self.requested = requested
            self.source = source
            self.note = note
            self.noteLevel = noteLevel
        }
    }

    /// The address of an `Unmanaged<Choice>` once chosen (0 before): written once under
    /// `lock`, then only read.
    private static let chosen = Atomic<UInt>(0)
    private static let lock = Mutex<Void>(())

    /// The backend every `K` function dispatches to (outside ``withBackend(_:_:)``). The first
    /// read fixes the choice.
    public static var current: any Backend {
        if let choice = UnsafeRawPointer(bitPattern: chosen.load(ordering: .acquiring)) {
            return Unmanaged<Choice>.fromOpaque(choice).takeUnretainedValue().backend
        }
        return choose(nil).backend
    }

    /// Makes the backend called `name` (`"auto"`, `"reference"`, or a plugin backend such as
    /// `"openblas"`) the process's backend, loading its plugin now. Throws a ``KerasError`` with
    /// the loader's reason when it cannot be loaded, or when another backend is already in use
    /// (the choice is fixed after first use). Choosing the backend already in use does nothing.
    public static func select(_ name: String) throws {
        let backend = try BackendRegistry.backend(named: name)
        try select(backend, requested: name)
    }

    /// Makes `backend` the process's backend (see ``select(_:)``).
    public static func select(_ backend: any Backend) throws {
        try select(backend, requested: backend.name)
    }

    /// Makes the configured choice now, throwing if the backend named by the environment or
    /// keras.json cannot be loaded (instead of logging and running on the reference backend).
    @discardableResult
    public static func activate() throws -> any Backend {
        if let fixed = choice { return fixed.backend }
        let setting = KerasConfiguration.startup.backend
        let backend = try BackendRegistry.backend(named: setting.value)
        return try select(backend, requested: setting.value, source: setting.source)
    }

    /// Whether the choice is made (and fixed).
    public static var isFixed: Bool { chosen.load(ordering: .acquiring) != 0 }

    /// The backend name the program asked for with ``select(_:)``, if it did.
    static var apiSelection: String? {
        guard let choice, choice.source == .api else { return nil }
        return choice.requested
    }

    /// The choice, if made: what was requested, where the request came from, and a note on how
    /// `"auto"` or a failed request was resolved.
    public static var selection: (backend: String, requested: String, source: SettingSource, note: String?)? {
        choice.map { ($0.backend.name, $0.requested, $0.source, $0.note) }
    }

    private static var choice: Choice? {
        UnsafeRawPointer(bitPattern: chosen.load(ordering: .acquiring)).map { Unmanaged<Choice>.fromOpaque($0).takeUnretainedValue() }
    }

    @discardableResult
    private static func select(_ backend: any Backend, requested: String, source: SettingSource = .api) throws -> any Backend {
        try lock.withLock { _ in
            if let existing = choice {
                guard existing.backend === backend || existing.backend.name == backend.name else {
                    throw KerasError(.config, "cannot select backend \"\(backend.name)\": the backend is fixed after first use, and \"\(existing.backend.name)\" is in use (chosen by \(existing.source))")
                }
                return existing.backend
            }
            publish(Choice(backend: backend, requested: requested, source: source))
            return backend
        }
    }

    /// Makes the configured choice (first read of ``current``), logging instead of throwing.
    private static func choose(_: Void?) -> Choice {
        lock.withLock { _ in
            if let existing = choice { return existing }
            let setting = KerasConfiguration.startup.backend
            let made = resolve(setting)
            publish(made)
            if let note = made.note { KerasLog.log(made.noteLevel, note) }
            return made
        }
    }

    /// The backend for a configured name, never failing: an unavailable backend becomes the
    /// reference backend with a note saying why.
    static func resolve(_ setting: Setting<String>) -> Choice {
        if setting.value == BackendName.auto {
            let best = BackendRegistry.auto()
            let failures = PluginRegistry.shared.failures
            guard failures.isEmpty else {
                // Something the user installed did not load: say so once, whatever auto chose.
                let note = "backend auto: using \(describe(best)); plugins that failed to load: "
                    + failures.map(\.description).joined(separator: "; ")
                return Choice(backend: best, requested: setting.value, source: setting.source, note: note, noteLevel: .warning)
            }
            let note = best.name == BackendName.reference ? "backend auto: using \"reference\" (no backend plugin found on the plugin search path)" : nil
            return Choice(backend: best, requested: setting.value, source: setting.source, note: note)
        }
        do {
            let backend = try BackendRegistry.backend(named: setting.value)
            return Choice(backend: backend, requested: setting.value, source: setting.source)
        } catch {
            let note = "backend \"\(setting.value)\" (from \(setting.source)) cannot be used: \(error); running on \"reference\" instead"
            return Choice(backend: ReferenceBackend.shared, requested: setting.value, source: setting.source, note: note, noteLevel: .error)
        }
    }

    /// `"onednn"` (one plugin), or `kernels routed across "onednn", "openblas"`.
    static func describe(_ auto: any Backend) -> String {
        guard let routing = auto as? RoutingBackend else { return "\"\(auto.name)\"" }
        return "kernels routed across " + routing.members.map { "\"\($0.name)\"" }.joined(separator: ", ")
    }

    private static func publish(_ choice: Choice) {
        chosen.store(UInt(bitPattern: Unmanaged.passRetained(choice).toOpaque()), ordering: .releasing)
    }
}
