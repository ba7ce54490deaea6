/// A scalar type a plugin Lambda function can take: `Double`, `Float`, `Int32`, `Int64`, `Bool`
/// (C `double`, `float`, `int32_t`, `int64_t`, `bool`).
public protocol FunctionScalar: Sendable {
    /// The signature's name of the type (`float`).
    static var scalarType: FunctionParameter.ScalarType { get }
    init?(_ value: FunctionArguments.Value)
}

extension Double: FunctionScalar {
    public static var scalarType: FunctionParameter.ScalarType { .double }
    public init?(_ value: FunctionArguments.Value) { guard case .double(let v) = value else { return nil }; self = v }
}

extension Float: FunctionScalar {
    public static var scalarType: FunctionParameter.ScalarType { .float }
    public init?(_ value: FunctionArguments.Value) { guard case .float(let v) = value else { return nil }; self = v }
}

extension Int32: FunctionScalar {
    public static var scalarType: FunctionParameter.ScalarType { .int32 }
    public init?(_ value: FunctionArguments.Value) { guard case .int32(let v) = value else { return nil }; self = v }
}

extension Int64: FunctionScalar {
    public static var scalarType: FunctionParameter.ScalarType { .int64 }
    public init?(_ value: FunctionArguments.Value) { guard case .int64(let v) = value else { return nil }; self = v }
}

extension Bool: FunctionScalar {
    public static var scalarType: FunctionParameter.ScalarType { .bool }
    public init?(_ value: FunctionArguments.Value) { guard case .bool(let v) = value else { return nil }; self = v }
}

/// A scalar parameter of a plugin Lambda function: its name (the key of the Lambda's
/// `arguments`) and its type.
///
/// ```swift
/// [.float("alpha"), .int32("k")]
/// ```
public struct FunctionParameter: Sendable, Equatable {
    /// The C type of a scalar parameter, as the signature names it.
    public enum ScalarType: String, Sendable {
        case double, float, int32, int64, bool

        /// The pool code of the type (`d f i l b`).
        var code: String {
            switch self {
            case .double: "d"
            case .float: "f"
            case .int32: "i"
            case .int64: "l"
            case .bool: "b"
            }
        }
    }

    public let name: String
    public let type: ScalarType

    public init(_ name: String, _ type: ScalarType) {
        self.name = name
        self.type = type
    }

    public static func double(_ name: String) -> FunctionParameter { FunctionParameter(name, .double) }
    public static func float(_ name: String) -> FunctionParameter { FunctionParameter(name, .float) }
    public static func int32(_ name: String) -> FunctionParameter { FunctionParameter(name, .int32) }
    public static func int64(_ name: String) -> FunctionParameter { FunctionParameter(name, .int64) }
    public static func bool(_ name: String) -> FunctionParameter { FunctionParameter(name, .bool) }
}

/// The scalar arguments a Lambda function receives, by parameter name (the host has already
/// matched the Lambda's `arguments` against the signature and converted them).
///
/// ```swift
/// let k: Int32 = try arguments.value("k")
/// ```
public struct FunctionArguments: Sendable {
    /// One scalar argument as its C type.
    public enum Value: Sendable, Equatable {
        case double(Double), float(Float), int32(Int32), int64(Int64), bool(Bool)
    }

    let names: [String]
    let values: [Value]

    /// The argument `name` as `T` (the type its parameter declares).
    public func value<T: FunctionScalar>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let i = names.firstIndex(of: name) else {
            throw KernelError.invalidArgument("no scalar parameter \"\(name)\" (parameters: \(names.joined(separator: ", ")))")
        }
        guard let value = T(values[i]) else {
            throw KernelError.invalidArgument("parameter \"\(name)\" is \(values[i]), not \(T.scalarType.rawValue)")
        }
        return value
    }
}

extension LambdaFunction {
    /// A Lambda function written as a Swift closure: `tensors` (1 to 3, named for the
    /// signature) then `scalars` in, `results` tensors out. KerasPluginKit writes the signature
    /// and gives the host a C entry point of exactly that C type, which forwards to `body`.
    ///
    /// Supported scalar lists: none, one or two of any types, or three (of any types with one
    /// tensor, of one type with two or three). A plugin image has 4 entries per C shape with
    /// one tensor and up to two scalars, 2 for the other shapes; a function beyond those makes
    /// the plugin's `init` fail with a message naming it. Other shapes can be written with
    /// ``init(_:signature:entry:outputShape:)``.
    ///
    /// ```swift
    /// LambdaFunction("blend", tensors: ["a", "b"], scalars: [.float("alpha")]) { inputs, arguments in
    ///     let alpha = Double(try arguments.value("alpha", as: Float.self))
    ///     return [try inputs[0] * alpha + inputs[1] * (1 - alpha)]
    /// }
    /// ```
    ///
    /// Mirrors Keras's `Lambda(function, arguments={...})` with a registered function.
    public init(_ name: String, tensors: [String] = ["x"], scalars: [FunctionParameter] = [], results: Int = 1,
                outputShape: ShapeRule? = nil,
                _ body: @escaping @Sendable (_ inputs: [HostTensor], _ arguments: FunctionArguments) throws -> [HostTensor]) {
        let parameters = tensors.map { "tensor \($0)" } + scalars.map { "\($0.type.rawValue) \($0.name)" }
        let returns = results == 1 ? "tensor" : "(" + Array(repeating: "tensor", count: max(results, 1)).joined(separator: ", ") + ")"
        let signature = "(" + parameters.joined(separator: ", ") + ") -> " + returns
        let entry = FunctionThunks.claim(tensors: tensors.count, scalars: scalars) { inputs, arguments in
            let outputs = try body(inputs, arguments)
            guard outputs.count == results else {
                throw KernelError.invalidArgument("\(name) returned \(outputs.count) tensors, its signature declares \(results)")
            }
            return outputs
        }
        let problem = entry == nil
            ? "Lambda function \(name) \(signature): KerasPluginKit has no free C entry of this shape (1 to 3 tensors; up to two scalars of any types, or three: of any types with one tensor, of one type with more; 4 functions per shape with one tensor and up to two scalars, 2 otherwise); write it with LambdaFunction(_:signature:entry:)"
            : nil
        self.init(name: name, signature: signature, entry: entry, outputShape: outputShape, problem: problem)
    }

    /// A function of one tensor and no scalars, returning one tensor.
    ///
    /// ```swift
    /// LambdaFunction("double_it") { x in try x * 2 }
    /// ```
    public init(_ name: String, outputShape: ShapeRule? = nil, _ body: @escaping @Sendable (HostTensor) throws -> HostTensor) {
        self.init(name, outputShape: outputShape) { inputs, _ in [try body(inputs[0])] }
    }

    /// A function of one tensor and one scalar `(name, type)`, returning one tensor.
    ///
    /// ```swift
    /// LambdaFunction("leaky", ("alpha", Float.self)) { x, alpha in try K.relu(x, alpha: Double(alpha)) }
    /// ```
    public init<A: FunctionScalar>(_ name: String, _ a: (String, A.Type), outputShape: ShapeRule? = nil,
                                   _ body: @escaping @Sendable (HostTensor, A) throws -> HostTensor) {
        self.init(name, scalars: [FunctionParameter(a.0, A.scalarType)], outputShape: outputShape) { inputs, arguments in
            [try body(inputs[0], arguments.value(a.0))]
        }
    }

    /// A function of one tensor and two scalars, returning one tensor.
    ///
    /// ```swift
    /// LambdaFunction("scale_shift", ("scale", Float.self), ("shift", Float.self)) { x, scale, shift in
    ///     try x * Double(scale) + Double(shift)
    /// }
    /// ```
    public init<A: FunctionScalar, B: FunctionScalar>(_ name: String, _ a: (String, A.Type), _ b: (String, B.Type),
                                                      outputShape: ShapeRule? = nil,
                                                      _ body: @escaping @Sendable (HostTensor, A, B) throws -> HostTensor) {
        let scalars = [FunctionParameter(a.0, A.scalarType), FunctionParameter(b.0, B.scalarType)]
        self.init(name, scalars: scalars, outputShape: outputShape) { inputs, arguments in
            [try body(inputs[0], arguments.value(a.0), arguments.value(b.0))]
        }
    }

    /// A function of one tensor and three scalars, returning one tensor.
    ///
    /// ```swift
    /// LambdaFunction("soft_clip", ("alpha", Float.self), ("beta", Float.self), ("k", Int32.self)) { x, alpha, beta, k in
    ///     try K.tanh(x * Double(alpha)) * Double(beta) * Double(k)
    /// }
    /// ```
    public init<A: FunctionScalar, B: FunctionScalar, C: FunctionScalar>(
        _ name: String, _ a: (String, A.Type), _ b: (String, B.Type), _ c: (String, C.Type), outputShape: ShapeRule? = nil,
        _ body: @escaping @Sendable (HostTensor, A, B, C) throws -> HostTensor
    ) {
        let scalars = [FunctionParameter(a.0, A.scalarType), FunctionParameter(b.0, B.scalarType), FunctionParameter(c.0, C.scalarType)]
        self.init(name, scalars: scalars, outputShape: outputShape) { inputs, arguments in
            [try body(inputs[0], arguments.value(a.0), arguments.value(b.0), arguments.value(c.0))]
        }
    }
}
