/// Functions for ``Lambda`` layers, registered by name so that a Lambda layer can be saved in
/// a config and rebuilt from it: the config says `{"function": "space_to_depth"}` and loading
/// looks the name up here. Portable and safe, unlike Keras's pickled Python bytecode.
///
/// ```swift
/// LambdaFunctions.register("double") { x in x * 2 }
/// LambdaFunctions.register("scaled", outputShape: nil) { (x: Tensor, args: [String: Double]) in
///     x * (args["factor"] ?? 1)
/// }
/// let layer = try Lambda(named: "double")
/// ```
///
/// Plugins register their Lambda functions here too. Registering a name again replaces it.
///
/// Mirrors Keras's `custom_objects` lookup for `Lambda(function)` configs.
public enum LambdaFunctions {
    /// The general form: the inputs and the layer's `arguments` in, the outputs out.
    public typealias Function = @Sendable (_ inputs: [Tensor], _ arguments: [String: Double]) throws -> [Tensor]
    /// An output-shape rule: the input shapes (batch axis first) in, the output shapes out.
    public typealias ShapeRule = @Sendable (_ inputShapes: [[Int?]]) throws -> [[Int?]]

    /// A registered function and, optionally, its output-shape rule (otherwise a Lambda infers
    /// the shape by running the function).
    public struct Entry: Sendable {
        public let name: String
        public let function: Function
        public let outputShape: ShapeRule?
    }

    /// The registered functions by name.
    public static let functions = Registry<Entry>(
        kind: "Lambda function", plural: "Lambda functions",
        hint: "Register it with LambdaFunctions.register(_:_:) before building or loading the layer.")

    /// Registers the general form under `name`.
    public static func register(_ name: String, outputShape: ShapeRule? = nil, _ function: @escaping Function) {
        functions.register(name, Entry(name: name, function: function, outputShape: outputShape))
    }

    /// Registers a function of one tensor.
    ///
    /// ```swift
    /// LambdaFunctions.register("abs") { x in K.abs(x) }
    /// ```
    public static func register(_ name: String, outputShape: (@Sendable ([Int?]) -> [Int?])? = nil,
                                _ function: @escaping @Sendable (Tensor) -> Tensor) {
        register(name, outputShape: outputShape.map(singleShapeRule)) { inputs, _ in
            [function(try single(inputs, name))]
        }
    }

    /// Registers a function of one tensor and the layer's scalar `arguments`.
    public static func register(_ name: String, outputShape: (@Sendable ([Int?]) -> [Int?])? = nil,
                                _ function: @escaping @Sendable (Tensor, [String: Double]) -> Tensor) {
        register(name, outputShape: outputShape.map(singleShapeRule)) { inputs, arguments in
            [function(try single(inputs, name), arguments)]
        }
    }

    /// Registers a function of a list of tensors returning one tensor.
    public static func register(_ name: String, outputShape: (@Sendable ([[Int?]]) -> [Int?])? = nil,
                                _ function: @escaping @Sendable ([Tensor]) -> Tensor) {
        var rule: ShapeRule?
        if let outputShape { rule = { @Sendable shapes in [outputShape(shapes)] } }
        register(name, outputShape: rule) { inputs, _ in [function(inputs)] }
    }

    /// The function registered under `name`, if any.
    public static func entry(named name: String) -> Entry? {
        functions.value(named: name)
    }

    /// The function registered under `name`; an unknown name throws a ``KerasError`` with the
    /// closest registered names.
    public static func lookup(_ name: String) throws -> Entry {
        try functions.lookup(name)
    }

    /// Every registered name, sorted.
    public static var names: [String] {
        functions.names
    }

    /// Removes the function registered under `name`.
    public static func unregister(_ name: String) {
        functions.unregister(name)
    }

    private static func singleShapeRule(_ f: @escaping @Sendable ([Int?]) -> [Int?]) -> ShapeRule {
        { @Sendable shapes in
            guard shapes.count == 1 else {
                throw KerasError(.invalidArgument, "This Lambda output-shape rule takes one input shape, received \(shapes.count)")
            }
            return [f(shapes[0])]
        }
    }

    static func single(_ inputs: [Tensor], _ name: String) throws -> Tensor {
        guard inputs.count == 1 else {
            throw KerasError(.invalidArgument, "Lambda function \"\(name)\" takes one tensor, but received \(inputs.count)")
        }
        return inputs[0]
    }
}
