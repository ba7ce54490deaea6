import Foundation

/// Every SwiftKeras setting with its value and the source that won: the program (API), the
/// environment, `keras.json`, or the default — in that order of precedence. An environment
/// variable that is set but empty counts as unset.
///
/// | setting | environment | `keras.json` key | default |
/// |---|---|---|---|
/// | backend | `SWIFTKERAS_BACKEND` | `backend` | `"auto"` |
/// | floatx | | `floatx` | `float32` |
/// | epsilon | | `epsilon` | `1e-07` |
/// | image data format | | `image_data_format` | `channels_last` |
/// | plugin paths | `SWIFTKERAS_PLUGIN_PATH` (`:`-separated) | `plugin_paths` | none (*) |
/// | threads | `SWIFTKERAS_NUM_THREADS` | `threads` | all cores |
/// | fallback | | `fallback` | `allow` |
/// | auto routing | `SWIFTKERAS_AUTO_ROUTING` | `auto_routing` | `measure` |
///
/// (*) Plugin paths add up rather than override: the search order is the paths given by the
/// program (``KerasConfig/pluginPaths``), `SWIFTKERAS_PLUGIN_PATH`, `plugin_paths`, the running
/// executable's directory, then the install directories (see ``PluginSearchPath``).
///
/// `keras.json` lives in `$SWIFTKERAS_HOME` (default `~/.swiftkeras`). The process reads it once,
/// on first use of any setting (``startup``); problems (a malformed file, a bad variable) are
/// logged once and listed by `swiftkeras info`, and the setting falls back to the next source.
///
/// ```swift
/// let config = KerasConfiguration.current
/// print(config.backend.value, config.backend.source)   // "auto default"
/// ```
public struct KerasConfiguration: Sendable {
    /// The environment variables SwiftKeras reads.
    public enum Variable {
        public static let backend = "SWIFTKERAS_BACKEND"
        public static let home = "SWIFTKERAS_HOME"
        public static let pluginPath = "SWIFTKERAS_PLUGIN_PATH"
        public static let threads = "SWIFTKERAS_NUM_THREADS"
        public static let autoRouting = "SWIFTKERAS_AUTO_ROUTING"
    }

    /// The directory holding `keras.json` (and `plugins/`, an install location for plugins).
    public var home: Setting<String>
    /// `<home>/keras.json`.
    public var filePath: String
    /// Whether `keras.json` exists.
    public var fileFound: Bool
    public var backend: Setting<String>
    public var floatx: Setting<DType>
    public var epsilon: Setting<Double>
    public var imageDataFormat: Setting<KerasConfig.ImageDataFormat>
    /// `plugin_paths` from keras.json (or none).
    public var pluginPaths: Setting<[String]>
    /// `SWIFTKERAS_PLUGIN_PATH`, split at `:` (searched before ``pluginPaths``).
    public var environmentPluginPaths: [String]
    public var threads: Setting<Int>
    public var fallback: Setting<FallbackPolicy>
    /// How `"auto"` routes kernels across plugins: measured (cached) or by priority alone.
    public var autoRouting: Setting<AutoRouting.Mode>
    /// Problems found in the environment and in `keras.json`, each naming the variable or the
    /// file and key; the affected settings took their next source.
    public var problems: [KerasError]

    /// Resolves the settings from `environment` and the `keras.json` it points to (no API
    /// overrides). `homeDirectory` is the user's home, used when `SWIFTKERAS_HOME` is unset.
    public static func resolve(environment: [String: String], homeDirectory: String = NSHomeDirectory()) -> KerasConfiguration {
        func variable(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        var problems: [KerasError] = []
        let home = variable(Variable.home).map { Setting($0, .environment(Variable.home)) }
            ?? Setting((homeDirectory as NSString).appendingPathComponent(".swiftkeras"), .defaultValue)
        let filePath = (home.value as NSString).appendingPathComponent("keras.json")
        let file = KerasJSONFile.read(path: filePath)
        problems += file?.problems ?? []
        let fileSource = SettingSource.file(filePath)

        func pick<T>(_ env: (String, T?)?, _ fromFile: T?, _ fallback: T) -> Setting<T> {
            if let env, let value = env.1 { return Setting(value, .environment(env.0)) }
            if let fromFile { return Setting(fromFile, fileSource) }
            return Setting(fallback, .defaultValue)
        }

        var envBackend: String?
        if let raw = variable(Variable.backend) {
            if BackendName.isValid(raw) { envBackend = raw } else {
                problems.append(KerasError(.config, "environment \(Variable.backend): expected a backend name (lowercase letters, digits, '-', '_'), received \"\(raw)\""))
            }
        }
        var envThreads: Int?
        if let raw = variable(Variable.threads) {
            if let n = Int(raw.trimmingCharacters(in: .whitespaces)), n >= 1, n <= KerasConfig.maxThreads { envThreads = n } else {
                problems.append(KerasError(.config, "environment \(Variable.threads): expected a whole number of threads from 1 to \(KerasConfig.maxThreads), received \"\(raw)\""))
            }
        }
        var envRouting: AutoRouting.Mode?
        if let raw = variable(Variable.autoRouting) {
            if let mode = AutoRouting.Mode(rawValue: raw) { envRouting = mode } else {
                problems.append(KerasError(.config, "environment \(Variable.autoRouting): expected \(AutoRouting.Mode.expected), received \"\(raw)\""))
            }
        }
        let envPaths = variable(Variable.pluginPath).map { $0.split(separator: ":").map(String.init).filter { !$0.isEmpty } }

        return KerasConfiguration(
            home: home, filePath: filePath, fileFound: file != nil,
            backend: pick((Variable.backend, envBackend), file?.backend, BackendName.auto),
            floatx: pick(nil, file?.floatx, .float32),
            epsilon: pick(nil, file?.epsilon, 1e-7),
            imageDataFormat: pick(nil, file?.imageDataFormat, .channelsLast),
            pluginPaths: pick(nil, file?.pluginPaths, []),
            environmentPluginPaths: envPaths ?? [],
            threads: pick((Variable.threads, envThreads), file?.threads, System.coreCount),
            fallback: pick(nil, file?.fallback, .allow),
            autoRouting: pick((Variable.autoRouting, envRouting), file?.autoRouting, .measure),
            problems: problems)
    }

    /// The settings this process started with, resolved once from its environment and
    /// `keras.json`. Problems are logged (once) as warnings.
    public static let startup: KerasConfiguration = {
        let configuration = resolve(environment: ProcessInfo.processInfo.environment)
        for problem in configuration.problems {
            KerasLog.log(.warning, "\(problem.message) — using the next source for this setting")
        }
        return configuration
    }()

    /// The settings in effect now: ``startup`` with what the program has changed since
    /// (reported with source ``SettingSource/api``).
    public static var current: KerasConfiguration {
        var c = startup
        func override<T: Equatable>(_ setting: inout Setting<T>, _ value: T) {
            if value != setting.value { setting = Setting(value, .api) }
        }
        override(&c.floatx, KerasConfig.floatx)
        override(&c.epsilon, KerasConfig.epsilon)
        override(&c.imageDataFormat, KerasConfig.imageDataFormat)
        override(&c.threads, KerasConfig.threads)
        if let fallback = KerasConfig.apiOverrides.fallback { c.fallback = Setting(fallback, .api) }
        if let backend = ActiveBackend.apiSelection { c.backend = Setting(backend, .api) }
        return c
    }

    /// `(key, value, source)` for every setting, in `keras.json`'s order, for reports.
    public var entries: [(key: String, value: String, source: SettingSource)] {
        [
            ("backend", backend.value, backend.source),
            ("floatx", floatx.value.rawValue, floatx.source),
            ("epsilon", "\(epsilon.value)", epsilon.source),
            ("image_data_format", imageDataFormat.value.rawValue, imageDataFormat.source),
            ("plugin_paths", pluginPaths.value.isEmpty ? "[]" : pluginPaths.value.joined(separator: ":"), pluginPaths.source),
            (Variable.pluginPath, environmentPluginPaths.isEmpty ? "(unset)" : environmentPluginPaths.joined(separator: ":"),
             environmentPluginPaths.isEmpty ? .defaultValue : .environment(Variable.pluginPath)),
            ("threads", "\(threads.value)", threads.source),
            ("fallback", fallback.value.rawValue, fallback.source),
            ("auto_routing", autoRouting.value.rawValue, autoRouting.source),
        ]
    }
}
