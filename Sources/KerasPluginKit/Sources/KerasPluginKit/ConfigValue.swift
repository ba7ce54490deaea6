import Foundation

/// A JSON value of a layer config, a Lambda's arguments or a native op's attributes, as a
/// plugin sees it (the host passes JSON text; KerasPluginKit parses and writes it).
///
/// ```swift
/// let units = try config.int("units")             // 8
/// let config: [String: ConfigValue] = ["units": 8, "return_probabilities": false]
/// ```
public enum ConfigValue: Sendable, Equatable, Codable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ConfigValue...) { self = .array(elements) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ConfigValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: ConfigValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public var doubleValue: Double? { if case .number(let d) = self { d } else { nil } }
    public var intValue: Int? { doubleValue.flatMap { $0.rounded() == $0 && abs($0) < 9e15 ? Int($0) : nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }

    /// Parses a JSON object (`what` names it in errors).
    static func parseObject(_ text: String?, _ what: String) throws -> [String: ConfigValue] {
        guard let text, !text.isEmpty else { return [:] }
        guard case .object(let object)? = try? JSONDecoder().decode(ConfigValue.self, from: Data(text.utf8)) else {
            throw KernelError.invalidArgument("\(what): not a JSON object: \(text.prefix(200))")
        }
        return object
    }

    /// Compact JSON text.
    static func text(_ value: ConfigValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A layer's Keras config (or a native op's attributes) with typed accessors that throw a
/// ``KernelError`` naming the key.
///
/// ```swift
/// init(config: LayerConfig) throws {
///     outputDim = try config.int("output_dim")
///     returnProbabilities = try config.bool("return_probabilities", default: false)
/// }
/// ```
public struct LayerConfig: Sendable {
    /// Every key of the config (name, trainable, dtype and the class's own).
    public let values: [String: ConfigValue]

    public init(_ values: [String: ConfigValue]) { self.values = values }

    /// The layer's name.
    public var name: String? { values["name"]?.stringValue }

    public func int(_ key: String) throws -> Int {
        guard let v = values[key]?.intValue else { throw missing(key, "an integer") }
        return v
    }

    public func int(_ key: String, default value: Int) throws -> Int {
        guard let raw = values[key], raw != .null else { return value }
        guard let v = raw.intValue else { throw missing(key, "an integer") }
        return v
    }

    public func double(_ key: String, default value: Double? = nil) throws -> Double {
        guard let raw = values[key], raw != .null else {
            if let value { return value }
            throw missing(key, "a number")
        }
        guard let v = raw.doubleValue else { throw missing(key, "a number") }
        return v
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let raw = values[key], raw != .null else { return value }
        guard let v = raw.boolValue else { throw missing(key, "true or false") }
        return v
    }

    public func string(_ key: String, default value: String) throws -> String {
        guard let raw = values[key], raw != .null else { return value }
        guard let v = raw.stringValue else { throw missing(key, "a string") }
        return v
    }

    private func missing(_ key: String, _ expected: String) -> KernelError {
        KernelError.invalidArgument("config key `\(key)`: expected \(expected), received \(values[key].map { ConfigValue.text($0) } ?? "nothing")")
    }
}
