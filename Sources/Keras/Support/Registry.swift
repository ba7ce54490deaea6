import Synchronization

/// Values by name: the one shape of every catalog SwiftKeras looks things up in by name —
/// layer classes, initializers, regularizers, constraints, activations, optimizers, losses,
/// metrics and Lambda functions.
///
/// A registry holds built-in entries under canonical names, aliases mapped to those names, and
/// entries registered at run time (custom classes, plugins), which take precedence. Every
/// unknown name throws the same ``KerasError``, with the closest known names:
///
/// ```swift
/// let losses = Registry<Int>(kind: "loss", plural: "losses", builtins: ["mean_squared_error": 1],
///                            aliases: ["mse": "mean_squared_error"])
/// try losses.lookup("mse")                  // 1
/// try losses.lookup("mean_squared_eror")
/// // KerasError: Unknown loss: 'mean_squared_eror'. Did you mean 'mean_squared_error'?
/// //             Expected one of: mean_squared_error, mse
/// ```
///
/// Mirrors Keras's `get(identifier)` / `deserialize` lookups with `custom_objects`.
public final class Registry<Value: Sendable>: Sendable {
    /// What the registry holds, singular (`"loss"`, `"layer class"`), used in error messages.
    public let kind: String
    /// The plural, for "Expected one of" lists (`"losses"`).
    public let plural: String
    /// Extra advice appended to unknown-name errors (how to register a custom entry).
    public let hint: String?
    private let builtins: [String: Value]
    private let aliases: [String: String]
    private let caseInsensitive: Bool
    private let custom = Mutex<[String: Value]>([:])

    /// A registry with built-in entries and aliases (alias → canonical name). With
    /// `caseInsensitive`, names match whatever their case (Keras's optimizer names).
    public init(kind: String, plural: String, builtins: [String: Value] = [:], aliases: [String: String] = [:],
                caseInsensitive: Bool = false, hint: String? = nil) {
        self.kind = kind
        self.plural = plural
        self.hint = hint
        self.caseInsensitive = caseInsensitive
        if caseInsensitive {
            self.builtins = Dictionary(builtins.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
            self.aliases = Dictionary(aliases.map { ($0.key.lowercased(), $0.value.lowercased()) }) { first, _ in first }
        } else {
            self.builtins = builtins
            self.aliases = aliases
        }
    }

    private func key(_ name: String) -> String { caseInsensitive ? name.lowercased() : name }

    /// Registers `value` under `name`, replacing an earlier registration; a registered entry
    /// shadows a built-in of the same name.
    public func register(_ name: String, _ value: Value) {
        custom.withLock { $0[key(name)] = value }
    }

    /// Removes the entry registered at run time under `name` (built-ins stay).
    public func unregister(_ name: String) {
        _ = custom.withLock { $0.removeValue(forKey: key(name)) }
    }

    /// The entry for `name` (registered, built-in or alias), or nil.
    public func value(named name: String) -> Value? {
        let k = key(name)
        if let v = custom.withLock({ $0[k] }) { return v }
        return builtins[aliases[k] ?? k]
    }

    /// Whether `name` is known.
    public func contains(_ name: String) -> Bool { value(named: name) != nil }

    /// The entry for `name`; an unknown name throws ``unknownName(_:)``.
    public func lookup(_ name: String) throws -> Value {
        guard let v = value(named: name) else { throw unknownName(name) }
        return v
    }

    /// Whether `name` (or the alias) names a built-in entry, whatever is registered over it.
    public func isBuiltIn(_ name: String) -> Bool {
        let k = key(name)
        return builtins[aliases[k] ?? k] != nil
    }

    /// Whether `name` is one of the registered (not built-in) entries.
    public func isRegistered(_ name: String) -> Bool { custom.withLock { $0[key(name)] != nil } }

    /// Every name ``lookup(_:)`` accepts (built-ins, aliases, registered), sorted.
    public var names: [String] {
        Set(builtins.keys).union(aliases.keys).union(custom.withLock { Array($0.keys) }).sorted()
    }

    /// The built-in entries by canonical name (aliases and registrations left out).
    public var builtInEntries: [String: Value] { builtins }

    /// The names registered at run time, sorted.
    public var registeredNames: [String] { custom.withLock { $0.keys.sorted() } }

    /// The error for an unknown name: the closest known names (among this registry's and
    /// `extraNames`), then the known names (when there are few enough to read) and the hint.
    ///
    /// `Unknown loss: 'mean_squared_eror'. Did you mean 'mean_squared_error'? Expected one of: …`
    public func unknownName(_ name: String, alsoKnown extraNames: [String] = []) -> KerasError {
        let known = extraNames.isEmpty ? names : Set(names).union(extraNames).sorted()
        var message = "Unknown \(kind): '\(name)'."
        let close = NameSuggestions.closest(to: name, in: known)
        if !close.isEmpty {
            message += " Did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?"
        }
        if known.isEmpty {
            message += " No \(plural) are registered."
        } else if known.count <= 60 {
            message += " Expected one of: " + known.joined(separator: ", ")
            if !message.hasSuffix(".") { message += "." }
        }
        if let hint { message += " " + hint }
        return KerasError(.invalidArgument, message)
    }
}

/// "Did you mean": the known names closest to a misspelt one.
public enum NameSuggestions {
    /// Up to `limit` names from `candidates` within a small edit distance of `name` (case and
    /// `_`/`-` ignored; at most a third of the name's length, at least 1, at most 3 edits),
    /// closest first; when the name differs from a known one only in case or separators, that
    /// one alone. A candidate that contains the name (or the reverse) counts as close when
    /// the name has at least four characters.
    ///
    /// ```swift
    /// NameSuggestions.closest(to: "mean_squared_eror", in: ["mean_squared_error", "hinge"])
    /// // ["mean_squared_error"]
    /// ```
    public static func closest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = normalized(name)
        guard !target.isEmpty else { return [] }
        let budget = min(3, max(1, target.count / 3))
        // The best spelling per normalized form (`max_norm` over `MaxNorm` for "max-norm").
        var best: [String: (name: String, distance: Int, exact: Int)] = [:]
        for candidate in candidates {
            let c = normalized(candidate)
            var d = distance(Array(target), Array(c))
            if d > budget {
                guard target.count >= 4, c.count >= 4, c.contains(target) || target.contains(c) else { continue }
                d = budget + 1 + Swift.abs(c.count - target.count)
            }
            let exact = distance(Array(name), Array(candidate))
            if let current = best[c], (current.exact, current.name) <= (exact, candidate) { continue }
            best[c] = (candidate, d, exact)
        }
        var scored = best.values.sorted { ($0.distance, $0.exact, $0.name) < ($1.distance, $1.exact, $1.name) }
        // The same name spelt differently ("max-norm" for "max_norm") is the only suggestion.
        if scored.first?.distance == 0 { scored = scored.filter { $0.distance == 0 } }
        return Array(scored.prefix(limit).map(\.name))
    }

    private static func normalized(_ s: String) -> String {
        String(s.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { best = min(best, previous2[j - 2] + 1) }
                current[j] = best
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
