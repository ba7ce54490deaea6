/// A Lambda's `arguments` converted to a plugin function's declared scalar types.
///
/// Matched by name: every scalar parameter needs a value, and no other name may be given. A
/// `float` or `double` takes a number; an `int32` or `int64` an integral number in range; a
/// `bool` a JSON `true`/`false` (numbers and booleans are kept apart).
enum ScalarArgument: Equatable {
    case double(Double), float(Float), int32(Int32), int64(Int64), bool(Bool)

    /// The values for `signature`'s scalars, in its order; `context` names the layer.
    static func convert(_ arguments: [String: JSONValue], for signature: FunctionSignature,
                        function: String, context: String) throws -> [ScalarArgument] {
        func fail(_ why: String) -> KerasError {
            KerasError(.invalidArgument, "\(context): `arguments` do not match \(function)\(signature): \(why)")
        }
        let declared = Set(signature.scalars.map(\.name))
        let extra = arguments.keys.filter { !declared.contains($0) }.sorted()
        guard extra.isEmpty else {
            throw fail("unexpected \(extra.map { "\"\($0)\"" }.joined(separator: ", ")) (its scalar parameters: \(signature.scalars.isEmpty ? "none" : signature.scalars.map(\.name).joined(separator: ", ")))")
        }
        return try signature.scalars.map { name, type in
            guard let value = arguments[name], !value.isNull else { throw fail("missing \"\(name)\" (\(type.rawValue))") }
            switch type {
            case .double, .float:
                guard let number = value.doubleValue else { throw fail("\"\(name)\" is \(type.rawValue), received \(value)") }
                return type == .double ? .double(number) : .float(Float(number))
            case .int32, .int64:
                guard let number = value.doubleValue, number.rounded() == number else {
                    throw fail("\"\(name)\" is \(type.rawValue), received \(value) (not an integer)")
                }
                let range: ClosedRange<Double> = type == .int32 ? -2_147_483_648...2_147_483_647 : -9.2e18...9.2e18
                guard range.contains(number) else { throw fail("\"\(name)\" = \(number) is outside the range of \(type.rawValue)") }
                return type == .int32 ? .int32(Int32(number)) : .int64(Int64(number))
            case .bool:
                guard let flag = value.boolValue else { throw fail("\"\(name)\" is bool, received \(value) (write true or false)") }
                return .bool(flag)
            }
        }
    }
}
