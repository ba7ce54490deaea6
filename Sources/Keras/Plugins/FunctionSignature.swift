/// The parsed signature of a plugin Lambda function (`keras_function.signature`):
/// `"(tensor x, float scale, float shift) -> tensor"`, tensors first, then scalars of type
/// `double`, `float`, `int32`, `int64` or `bool`; one result `tensor` or a list `(tensor, tensor)`.
///
/// ```swift
/// let s = try FunctionSignature(parsing: "(tensor x, int32 k) -> (tensor, tensor)")
/// s.tensorNames   // ["x"]
/// s.scalars       // [("k", .int32)]
/// s.resultCount   // 2
/// ```
public struct FunctionSignature: Sendable, Equatable, CustomStringConvertible {
    /// The C type of a scalar parameter.
    public enum ScalarType: String, Sendable, CaseIterable {
        case double, float, int32, int64, bool
    }

    /// The tensor parameters' names, in order.
    public let tensorNames: [String]
    /// The scalar parameters, in order (after the tensors).
    public let scalars: [(name: String, type: ScalarType)]
    /// The number of tensors returned.
    public let resultCount: Int

    public static func == (a: FunctionSignature, b: FunctionSignature) -> Bool {
        a.tensorNames == b.tensorNames && a.resultCount == b.resultCount
            && a.scalars.map(\.name) == b.scalars.map(\.name) && a.scalars.map(\.type) == b.scalars.map(\.type)
    }

    public var description: String {
        let params = tensorNames.map { "tensor \($0)" } + scalars.map { "\($0.type.rawValue) \($0.name)" }
        let results = resultCount == 1 ? "tensor" : "(" + Array(repeating: "tensor", count: resultCount).joined(separator: ", ") + ")"
        return "(" + params.joined(separator: ", ") + ") -> " + results
    }

    /// Parses `text`; throws a ``KerasError`` saying what is wrong and where.
    public init(parsing text: String) throws {
        func fail(_ why: String) -> KerasError {
            KerasError(.invalidArgument, "function signature \"\(text)\": \(why); expected e.g. \"(tensor x, float alpha) -> tensor\"")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("("), let arrow = trimmed.range(of: "->"),
              let close = trimmed[..<arrow.lowerBound].lastIndex(of: ")") else {
            throw fail("it must read \"(parameters) -> results\"")
        }
        let paramText = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
        guard trimmed[trimmed.index(after: close)..<arrow.lowerBound].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("unexpected text between ')' and '->'")
        }
        var tensors: [String] = []
        var scalars: [(String, ScalarType)] = []
        var seen = Set<String>()
        let params = paramText.trimmingCharacters(in: .whitespaces)
        for (index, part) in (params.isEmpty ? [] : params.split(separator: ",", omittingEmptySubsequences: false)).enumerated() {
            let words = part.split(separator: " ").map(String.init)
            guard words.count == 2 else { throw fail("parameter \(index + 1) \"\(part.trimmingCharacters(in: .whitespaces))\" is not \"type name\"") }
            let (type, name) = (words[0], words[1])
            guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
                  name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else {
                throw fail("parameter name \"\(name)\" is not an identifier")
            }
            guard seen.insert(name).inserted else { throw fail("parameter \"\(name)\" appears twice") }
            if type == "tensor" {
                guard scalars.isEmpty else { throw fail("tensor parameter \"\(name)\" comes after a scalar (tensors first, then scalars)") }
                tensors.append(name)
            } else if let scalar = ScalarType(rawValue: type) {
                scalars.append((name, scalar))
            } else {
                throw fail("unknown parameter type \"\(type)\" (tensor, \(ScalarType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        guard !tensors.isEmpty else { throw fail("it takes no tensor") }
        var results = trimmed[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
        if results.hasPrefix("(") && results.hasSuffix(")") { results = String(results.dropFirst().dropLast()) }
        let resultTypes = results.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !resultTypes.isEmpty, resultTypes.allSatisfy({ $0 == "tensor" }) else {
            throw fail("results must be \"tensor\" or \"(tensor, tensor, ...)\", found \"\(results)\"")
        }
        tensorNames = tensors
        self.scalars = scalars
        resultCount = resultTypes.count
    }
}
