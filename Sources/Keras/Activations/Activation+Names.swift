import Foundation

/// Activations by Keras name, from configs, and the spelling of non-default arguments.
extension Activation {
    /// A built-in activation by its Keras name (`"relu"`, `"softmax"`, `"swish"`, …), or by the
    /// spelled form a non-default built-in records (`"leaky_relu(negative_slope=0.1)"`,
    /// `"softmax(axis=[1, 2])"`). Throws a ``KerasError`` for an unknown name or argument.
    ///
    /// ```swift
    /// let a = try Activation.named("gelu")
    /// let b = try Activation.named("relu(max_value=6.0, threshold=1.0)")
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.get(name)`.
    public static func named(_ name: String) throws -> Activation {
        let (base, arguments) = try parseSpelling(name)
        guard let entry = catalog.value(named: base) else { throw catalog.unknownName(base) }
        if let unexpected = arguments.keys.sorted().first(where: { !entry.arguments.contains($0) }) {
            let accepted = entry.arguments.isEmpty ? "none" : entry.arguments.joined(separator: ", ")
            throw KerasError.invalidArgument(
                "Activation '\(name)': unexpected argument `\(unexpected)` (accepted: \(accepted))")
        }
        return try entry.build(ConfigReader(arguments, context: "activation '\(name)'"))
    }

    /// An activation from a layer config value: a name string, `null` (Keras's `None`, meaning
    /// `linear`), or a Keras 3 serialized function `{"class_name": "function", "config": "relu", …}`.
    ///
    /// ```swift
    /// let a = try Activation.fromConfig(.string("relu"))
    /// ```
    ///
    /// Mirrors Keras's `keras.activations.deserialize`.
    public static func fromConfig(_ json: JSONValue) throws -> Activation {
        switch json {
        case .null: return .linear
        case .string(let name): return try named(name)
        case .object(let object):
            if let name = object["config"]?.stringValue { return try named(name) }
            throw KerasError.invalidArgument(
                "Could not interpret activation function identifier: expected a name, received \(json)")
        default:
            throw KerasError.invalidArgument(
                "Could not interpret activation function identifier: expected a name, received \(json)")
        }
    }

    /// Every Keras name ``named(_:)`` accepts, sorted.
    public static var knownNames: [String] { catalog.names }

    // MARK: The catalog

    private struct Entry: Sendable {
        /// The Keras argument names the function takes besides `x`.
        let arguments: [String]
        let build: @Sendable (ConfigReader) throws -> Activation

        init(_ arguments: [String] = [], _ build: @escaping @Sendable (ConfigReader) throws -> Activation) {
            self.arguments = arguments
            self.build = build
        }

        /// An activation without arguments.
        init(_ activation: @escaping @Sendable () -> Activation) {
            self.init { _ in activation() }
        }
    }

    /// Keras 3's `keras.activations` (3.15), by name, with the aliases `swish` and `hard_swish`.
    private static let catalog = Registry<Entry>(kind: "activation", plural: "activations", builtins: [
        "linear": Entry { .linear },
        "relu": Entry(["negative_slope", "max_value", "threshold"]) { c in
            .relu(negativeSlope: try c.double("negative_slope") ?? 0, maxValue: try c.double("max_value"),
                  threshold: try c.double("threshold") ?? 0)
        },
        "leaky_relu": Entry(["negative_slope"]) { c in .leakyRelu(negativeSlope: try c.double("negative_slope") ?? 0.2) },
        "relu6": Entry { .relu6 },
        "elu": Entry(["alpha"]) { c in .elu(alpha: try c.double("alpha") ?? 1) },
        "selu": Entry { .selu },
        "celu": Entry(["alpha"]) { c in .celu(alpha: try c.double("alpha") ?? 1) },
        "threshold": Entry(["threshold", "default_value"]) { c in
            .threshold(try c.required("threshold", c.double), defaultValue: try c.required("default_value", c.double))
        },
        "hard_tanh": Entry { .hardTanh },
        "hard_shrink": Entry(["threshold"]) { c in .hardShrink(threshold: try c.double("threshold") ?? 0.5) },
        "soft_shrink": Entry(["threshold"]) { c in .softShrink(threshold: try c.double("threshold") ?? 0.5) },
        "sigmoid": Entry { .sigmoid },
        "hard_sigmoid": Entry { .hardSigmoid },
        "sparse_sigmoid": Entry { .sparseSigmoid },
        "log_sigmoid": Entry { .logSigmoid },
        "tanh": Entry { .tanh },
        "tanh_shrink": Entry { .tanhShrink },
        "softplus": Entry { .softplus },
        "softsign": Entry { .softsign },
        "silu": Entry { .silu },
        "swish": Entry { .silu },
        "hard_silu": Entry { .hardSilu },
        "hard_swish": Entry { .hardSilu },
        "gelu": Entry(["approximate"]) { c in .gelu(approximate: try c.bool("approximate") ?? false) },
        "mish": Entry { .mish },
        "exponential": Entry { .exponential },
        "squareplus": Entry(["b"]) { c in .squareplus(b: try c.double("b") ?? 4) },
        "sparse_plus": Entry { .sparsePlus },
        "softmax": Entry(["axis"]) { c in .softmax(axes: try c.ints("axis") ?? [-1]) },
        "log_softmax": Entry(["axis"]) { c in .logSoftmax(axes: try c.ints("axis") ?? [-1]) },
        "sparsemax": Entry(["axis"]) { c in .sparsemax(axis: try c.int("axis") ?? -1) },
        "glu": Entry(["axis"]) { c in .glu(axis: try c.int("axis") ?? -1) },
    ])

    // MARK: Spelling arguments

    /// `base` followed by the arguments that differ from their defaults, Python-style:
    /// `"relu(negative_slope=0.1, max_value=6)"`; just `base` when all are defaults.
    static func spelled(_ base: String, _ arguments: [(key: String, value: JSONValue, isDefault: Bool)]) -> String {
        let shown = arguments.filter { !$0.isDefault }
        guard !shown.isEmpty else { return base }
        return base + "(" + shown.map { "\($0.key)=\(pythonLiteral($0.value))" }.joined(separator: ", ") + ")"
    }

    private static func pythonLiteral(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .number(let d): return d == d.rounded() && Swift.abs(d) < 1e15 ? String(Int(d)) : "\(d)"
        case .string(let s): return "'\(s)'"
        case .array(let a): return "[" + a.map(pythonLiteral).joined(separator: ", ") + "]"
        case .object: return "\(value)"
        }
    }

    /// Splits `"name(key=value, …)"` into the name and its arguments.
    static func parseSpelling(_ text: String) throws -> (name: String, arguments: [String: JSONValue]) {
        guard let open = text.firstIndex(of: "(") else { return (text, [:]) }
        let fail = { (why: String) in
            KerasError.invalidArgument("Could not read activation '\(text)': \(why)")
        }
        guard text.last == ")" else { throw fail("expected a closing parenthesis") }
        let name = String(text[..<open])
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        var arguments: [String: JSONValue] = [:]
        for piece in splitTopLevel(inner) where !piece.isEmpty {
            guard let equals = piece.firstIndex(of: "=") else { throw fail("expected key=value, received '\(piece)'") }
            let key = piece[..<equals].trimmingCharacters(in: .whitespaces)
            let valueText = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let value = pythonValue(valueText) else { throw fail("cannot read the value of `\(key)`: '\(valueText)'") }
            arguments[key] = value
        }
        return (name, arguments)
    }

    /// Splits on commas outside brackets.
    private static func splitTopLevel(_ text: Substring) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "[", "(": depth += 1
            case "]", ")": depth -= 1
            case "," where depth == 0:
                pieces.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        pieces.append(current.trimmingCharacters(in: .whitespaces))
        return pieces
    }

    /// A Python literal: `None`, `True`, `False`, a number, or a list / tuple of numbers.
    private static func pythonValue(_ text: String) -> JSONValue? {
        switch text {
        case "None": return .null
        case "True": return .bool(true)
        case "False": return .bool(false)
        default: break
        }
        if let first = text.first, first == "[" || first == "(" {
            let inner = text.dropFirst().dropLast()
            var items: [JSONValue] = []
            for piece in splitTopLevel(inner) where !piece.isEmpty {
                guard let value = pythonValue(piece) else { return nil }
                items.append(value)
            }
            return .array(items)
        }
        return Double(text).map(JSONValue.number)
    }
}

extension ConfigReader {
    /// The activation under `key`: `nil` when absent, `linear` for `null` (Keras's `None`),
    /// otherwise the named activation. Errors name the context and the key.
    ///
    /// ```swift
    /// let activation = try config.activation("activation") ?? .linear
    /// ```
    public func activation(_ key: String) throws -> Activation? {
        guard let json = values[key] else { return nil }
        do { return try Activation.fromConfig(json) }
        catch let error as KerasError { throw KerasError(error.kind, "\(context): `\(key)`: \(error.message)") }
    }
}
