import Foundation

/// A checkpoint file path with Python `str.format` fields, as Keras's `ModelCheckpoint` takes:
/// `"weights.{epoch:02d}-{val_loss:.2f}.weights.h5"` becomes `"weights.03-0.42.weights.h5"`.
///
/// Fields are `{name}` or `{name:spec}`, with `spec` in Python's format mini-language:
/// `[[fill]align][sign][0][width][.precision][type]`, `type` one of `d f F e E g G %` or none;
/// `{{` and `}}` are literal braces. The names are `epoch` (1-based), `batch` (1-based, when
/// saving every few batches) and the log keys (`loss`, `val_loss`, `accuracy`, …).
///
/// ```swift
/// let path = try CheckpointPath("ckpt-{epoch:02d}-{val_loss:.2f}.weights.h5")
/// try path.format(["epoch": 3, "val_loss": 0.4213])   // "ckpt-03-0.42.weights.h5"
/// ```
public struct CheckpointPath: Sendable, CustomStringConvertible {
    /// A value to format: an integer (epoch, batch) or a log value.
    public enum Value: Sendable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
        case int(Int)
        case double(Double)
        public init(integerLiteral value: Int) { self = .int(value) }
        public init(floatLiteral value: Double) { self = .double(value) }
    }

    private struct Spec: Sendable {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var width = 0
        var precision: Int?
        var type: Character?
    }

    private enum Segment: Sendable {
        case literal(String)
        case field(name: String, spec: Spec, text: String)
    }

    /// The template as given.
    public let template: String
    private let segments: [Segment]

    /// Parses `template`; throws on unbalanced braces or a format spec it cannot apply.
    public init(_ template: String) throws {
        self.template = template
        var segments: [Segment] = []
        var literal = ""
        var chars = Array(template)[...]
        func fail(_ why: String) -> KerasError {
            KerasError(.invalidArgument, "ModelCheckpoint filepath \"\(template)\": \(why)")
        }
        while let c = chars.popFirst() {
            if c == "}" {
                guard chars.first == "}" else { throw fail("single '}' encountered in format string") }
                chars.removeFirst()
                literal.append("}")
            } else if c == "{" {
                if chars.first == "{" { chars.removeFirst(); literal.append("{"); continue }
                guard let end = chars.firstIndex(of: "}") else { throw fail("expected '}' before end of string") }
                let body = String(chars[chars.startIndex..<end])
                chars = chars[(end + 1)...]
                let parts = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw fail("unsupported field {\(body)}; use {name} or {name:spec}")
                }
                guard let spec = parts.count > 1 ? Self.parseSpec(String(parts[1])) : Spec() else {
                    throw fail("unsupported format spec in {\(body)}")
                }
                if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                segments.append(.field(name: name, spec: spec, text: body))
            } else {
                literal.append(c)
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// The names of the fields used (`["epoch", "val_loss"]`).
    public var fieldNames: [String] {
        segments.compactMap { if case .field(let name, _, _) = $0 { name } else { nil } }
    }

    /// The path with every field replaced; throws naming a field missing from `values` or a
    /// value the spec does not fit (`{loss:d}` on a float, as Python refuses).
    public func format(_ values: [String: Value]) throws -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .field(let name, let spec, let text):
                guard let value = values[name] else {
                    throw KerasError(.invalidArgument, "Failed to format this callback filepath: \"\(template)\". Reason: no value for '\(name)' (available: \(values.keys.sorted().joined(separator: ", ")))")
                }
                guard let formatted = Self.apply(spec, to: value) else {
                    throw KerasError(.invalidArgument, "Failed to format this callback filepath: \"\(template)\". Reason: the format {\(text)} does not apply to \(value)")
                }
                out += formatted
            }
        }
        return out
    }

    public var description: String { template }

    /// Python's `[[fill]align][sign][0][width][.precision][type]`; nil when not of that form.
    private static func parseSpec(_ text: String) -> Spec? {
        var spec = Spec()
        var chars = Array(text)[...]
        let aligns: Set<Character> = ["<", ">", "^", "="]
        if chars.count >= 2, aligns.contains(chars[chars.startIndex + 1]) {
            spec.fill = chars.removeFirst()
            spec.align = chars.removeFirst()
        } else if let first = chars.first, aligns.contains(first) {
            spec.align = chars.removeFirst()
        }
        if let first = chars.first, "+- ".contains(first) { spec.sign = chars.removeFirst() }
        if chars.first == "0" {
            chars.removeFirst()
            if spec.align == nil { spec.fill = "0"; spec.align = "=" }
        }
        var digits = ""
        while let c = chars.first, c.isASCII, c.isNumber { digits.append(chars.removeFirst()) }
        spec.width = Int(digits) ?? 0
        if chars.first == "." {
            chars.removeFirst()
            var precision = ""
            while let c = chars.first, c.isASCII, c.isNumber { precision.append(chars.removeFirst()) }
            guard let p = Int(precision) else { return nil }
            spec.precision = p
        }
        if let type = chars.first {
            guard "dfFeEgG%".contains(type) else { return nil }
            spec.type = chars.removeFirst()
        }
        return chars.isEmpty ? spec : nil
    }

    private static func apply(_ spec: Spec, to value: Value) -> String? {
        switch value {
        case .int(let i) where spec.type == nil || spec.type == "d":
            // Python: "Precision not allowed in integer format specifier".
            return spec.precision == nil ? pad(spec, negative: i < 0, String(i.magnitude)) : nil
        case .int(let i): return applyFloat(spec, Double(i))
        // Python: "Unknown format code 'd' for object of type 'float'".
        case .double(let d): return spec.type == "d" ? nil : applyFloat(spec, d)
        }
    }

    private static func applyFloat(_ spec: Spec, _ d: Double) -> String? {
        let negative = d.sign == .minus && !d.isNaN
        let m = abs(d)
        let p = spec.precision ?? 6
        var magnitude: String
        switch spec.type {
        // No type: Python's repr (Swift's description has the same shortest digits).
        case nil: magnitude = spec.precision == nil ? "\(m)" : String(format: "%.\(max(p, 1))g", m)
        case "f", "F": magnitude = String(format: "%.\(p)f", m)
        case "e", "E": magnitude = String(format: "%.\(p)e", m)
        case "g", "G": magnitude = String(format: "%.\(max(p, 1))g", m)
        case "%": magnitude = String(format: "%.\(p)f", m * 100) + "%"
        default: return nil
        }
        if m.isNaN { magnitude = "nan" } else if m.isInfinite { magnitude = "inf" }
        if spec.type == "F" || spec.type == "E" || spec.type == "G" { magnitude = magnitude.uppercased() }
        return pad(spec, negative: negative, magnitude)
    }

    private static func pad(_ spec: Spec, negative: Bool, _ magnitude: String) -> String {
        let signText = negative ? "-" : (spec.sign == "+" ? "+" : (spec.sign == " " ? " " : ""))
        let length = signText.count + magnitude.count
        guard spec.width > length else { return signText + magnitude }
        let padding = String(repeating: spec.fill, count: spec.width - length)
        switch spec.align ?? ">" {
        case "<": return signText + magnitude + padding
        case "^":
            let left = padding.prefix(padding.count / 2)
            return left + signText + magnitude + padding.dropFirst(left.count)
        case "=": return signText + padding + magnitude
        default: return padding + signText + magnitude
        }
    }
}
