import Foundation

/// The contents of a `keras.json` file, key by key, validated.
///
/// Keys: `backend`, `floatx`, `epsilon`, `image_data_format` (as in Keras), and SwiftKeras's
/// `plugin_paths`, `threads`, `fallback`, `auto_routing`. A key with a value of the wrong type or outside its
/// range is a ``problems`` entry naming the file and the key, and is left unset; a key SwiftKeras
/// does not know is reported too (Keras 3's `nnx_enabled`, a typo). A file that is not a JSON
/// object is one problem and sets nothing.
///
/// ```swift
/// let file = try KerasJSONFile.load(path: "/home/me/.swiftkeras/keras.json")
/// file?.backend   // "openblas"
/// ```
public struct KerasJSONFile: Sendable {
    /// The file's path (used in messages).
    public var path: String
    public var backend: String?
    public var floatx: DType?
    public var epsilon: Double?
    public var imageDataFormat: KerasConfig.ImageDataFormat?
    public var pluginPaths: [String]?
    public var threads: Int?
    public var fallback: FallbackPolicy?
    public var autoRouting: AutoRouting.Mode?
    /// What is wrong with the file, one entry per bad key (empty for a good file).
    public var problems: [KerasError] = []

    /// The keys SwiftKeras reads.
    public static let knownKeys = ["backend", "floatx", "epsilon", "image_data_format", "plugin_paths", "threads", "fallback", "auto_routing"]

    public init(path: String) { self.path = path }

    /// Reads and validates the file at `path`; `nil` when there is no file there. Throws the
    /// first problem (unreadable file, invalid JSON, a bad key) as a ``KerasError``.
    public static func load(path: String) throws -> KerasJSONFile? {
        guard let file = read(path: path) else { return nil }
        if let first = file.problems.first { throw first }
        return file
    }

    /// Reads the file at `path`, recording problems instead of throwing; `nil` when absent.
    public static func read(path: String) -> KerasJSONFile? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue else {
            var file = KerasJSONFile(path: path)
            file.problems.append(KerasError(.config, "\(path): is a directory, expected a keras.json file"))
            return file
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var file = KerasJSONFile(path: path)
            file.problems.append(KerasError(.config, "\(path): cannot be read (check its permissions)"))
            return file
        }
        return parse(data, path: path)
    }

    /// Validates `data` as the contents of a keras.json at `path`.
    public static func parse(_ data: Data, path: String) -> KerasJSONFile {
        var file = KerasJSONFile(path: path)
        do {
            // JSONSerialization for its precise syntax errors (line and column) ...
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            file.problems.append(KerasError(.config, "\(path): not valid JSON (\(detail))"))
            return file
        }
        // ... and JSONValue for the types (it tells `true` from `1`).
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            file.problems.append(KerasError(.config, "\(path): not valid JSON"))
            return file
        }
        guard case .object(let object) = root else {
            file.problems.append(KerasError(.config, "\(path): expected a JSON object of settings, received \(describe(root))"))
            return file
        }
        for key in object.keys.sorted() {
            let value = object[key]!
            switch key {
            case "backend": file.backend = file.string(value, key, check: validBackendName)
            case "floatx": file.floatx = file.string(value, key, check: floatxValue)
            case "epsilon": file.epsilon = file.number(value, key)
            case "image_data_format":
                file.imageDataFormat = file.string(value, key) { KerasConfig.ImageDataFormat(rawValue: $0).map(Check.value) ?? .failure("\"channels_last\" or \"channels_first\"") }
            case "plugin_paths": file.pluginPaths = file.stringList(value, key)
            case "threads": file.threads = file.positiveInteger(value, key)
            case "fallback":
                file.fallback = file.string(value, key) { FallbackPolicy(rawValue: $0).map(Check.value) ?? .failure("\"allow\", \"warn\" or \"error\"") }
            case "auto_routing":
                file.autoRouting = file.string(value, key) { AutoRouting.Mode(rawValue: $0).map(Check.value) ?? .failure(AutoRouting.Mode.expected) }
            default:
                file.problems.append(KerasError(.config, "\(path): unknown key `\(key)` (ignored); SwiftKeras reads \(knownKeys.map { "`\($0)`" }.joined(separator: ", "))"))
            }
        }
        return file
    }

    // MARK: Key validation

    /// The outcome of checking a string value: the parsed value or what was expected.
    enum Check<T> {
        case value(T)
        case failure(String)
    }

    private mutating func fail(_ key: String, expected: String, received value: JSONValue) {
        problems.append(KerasError(.config, "\(path): key `\(key)`: expected \(expected), received \(Self.describe(value))"))
    }

    private mutating func string<T>(_ value: JSONValue, _ key: String, check: (String) -> Check<T>) -> T? {
        guard let s = value.stringValue else {
            fail(key, expected: "a string", received: value)
            return nil
        }
        switch check(s) {
        case .value(let v): return v
        case .failure(let expected):
            fail(key, expected: expected, received: value)
            return nil
        }
    }

    private mutating func number(_ value: JSONValue, _ key: String) -> Double? {
        guard let n = value.doubleValue, n.isFinite, n > 0 else {
            fail(key, expected: "a positive number such as 1e-07", received: value)
            return nil
        }
        return n
    }

    private mutating func positiveInteger(_ value: JSONValue, _ key: String) -> Int? {
        guard let n = value.intValue, n >= 1, n <= KerasConfig.maxThreads else {
            fail(key, expected: "a whole number of threads from 1 to \(KerasConfig.maxThreads)", received: value)
            return nil
        }
        return n
    }

    private mutating func stringList(_ value: JSONValue, _ key: String) -> [String]? {
        let strings = value.arrayValue?.compactMap(\.stringValue)
        guard let strings, strings.count == value.arrayValue?.count else {
            fail(key, expected: "a list of paths (strings)", received: value)
            return nil
        }
        return strings
    }

    private static func validBackendName(_ name: String) -> Check<String> {
        BackendName.isValid(name) ? .value(name)
            : .failure("a backend name (\"auto\", \"reference\", \"openblas\", or a plugin's name: lowercase letters, digits, '-', '_')")
    }

    private static func floatxValue(_ name: String) -> Check<DType> {
        if name == "float16" { return .failure("\"float32\" or \"float64\" (SwiftKeras has no float16)") }
        guard let dtype = DType(rawValue: name), dtype.isFloatingPoint else { return .failure("\"float32\" or \"float64\"") }
        return .value(dtype)
    }

    /// A short rendering of a JSON value for messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)"
        case .string(let s): "\"\(s)\""
        case .array: "a list"
        case .object: "an object"
        }
    }
}
/// Backend names: what `keras.json`, `SWIFTKERAS_BACKEND` and plugins may use.
public enum BackendName {
    /// Picks the highest-priority backend that loads.
    public static let auto = "auto"
    /// The built-in pure-Swift backend.
    public static let reference = "reference"

    /// Non-empty, at most 64 characters of lowercase ASCII letters, digits, `-` and `_`.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
        }
    }
}
