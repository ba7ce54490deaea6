import Synchronization

/// The C types of a plugin Lambda function's entry point, spelled without pointers, for the
/// explicit form ``LambdaFunction/init(_:signature:entry:outputShape:)``: write the entry as a
/// `@convention(c)` closure over these, with your scalars in between. (Most functions are
/// simpler as Swift closures: ``LambdaFunction/init(_:_:_:outputShape:_:)``.)
///
/// ```swift
/// let scaleShift: @convention(c) (TensorArgument, Float, Float, FunctionOutputs) -> FunctionStatus = { x, scale, shift, outputs in
///     LambdaFunction.run(outputs) { [try HostTensor(argument: x) * Double(scale) + Double(shift)] }
/// }
/// ```
public typealias TensorArgument = OpaquePointer?
/// The output slots of a plugin Lambda function (one per result).
public typealias FunctionOutputs = UnsafeMutablePointer<OpaquePointer?>?
/// What a plugin Lambda function returns: made by ``LambdaFunction/run(_:_:)``.
public typealias FunctionStatus = UnsafeMutablePointer<keras_error>?

extension HostTensor {
    /// A tensor argument of a Lambda function entry (in the host's autodiff graph).
    public convenience init(argument: TensorArgument) throws {
        guard let argument else { throw KernelError.invalidArgument("a tensor argument is NULL") }
        self.init(borrowing: argument)
    }
}

/// A function for Lambda layers that a plugin exports (Keras's `Lambda(function, arguments=...)`):
/// its name, its signature (tensors first, then scalars: `double`, `float`, `int32`, `int64`,
/// `bool`), its C entry point (called by the host through libffi), and optionally its output
/// shapes from the input shapes and the Lambda's arguments.
///
/// ```swift
/// LambdaFunction("scale_shift", ("scale", Float.self), ("shift", Float.self)) { x, scale, shift in
///     try x * Double(scale) + Double(shift)
/// }
/// ```
public struct LambdaFunction: @unchecked Sendable {
    public typealias ShapeRule = @Sendable (_ inputShapes: [TensorShape], _ arguments: [String: ConfigValue]) throws -> [TensorShape]

    public let name: String
    public let signature: String
    /// The C entry point; nil only when a Swift-closure function found no free entry (then
    /// `problem` says why, and the plugin's `init` fails with it).
    let entry: (@convention(c) () -> Void)?
    let outputShape: ShapeRule?
    let problem: String?

    /// A function whose C entry point the author writes: for signatures the Swift-closure
    /// forms (``init(_:tensors:scalars:results:outputShape:_:)``) do not cover.
    ///
    /// - Parameter entry: a `@convention(c)` function taking the tensor arguments
    ///   (``TensorArgument``), the scalars as their C types, and ``FunctionOutputs``, returning
    ///   ``FunctionStatus``.
    public init<Entry>(_ name: String, signature: String, entry: Entry, outputShape: ShapeRule? = nil) {
        precondition(MemoryLayout<Entry>.size == MemoryLayout<UnsafeRawPointer>.size,
                     "LambdaFunction \(name): entry must be a @convention(c) function")
        self.init(name: name, signature: signature, entry: unsafeBitCast(entry, to: (@convention(c) () -> Void).self),
                  outputShape: outputShape, problem: nil)
    }

    init(name: String, signature: String, entry: (@convention(c) () -> Void)?, outputShape: ShapeRule?, problem: String?) {
        self.name = name
        self.signature = signature
        self.entry = entry
        self.outputShape = outputShape
        self.problem = problem
    }

    /// Runs a function body: fills `outputs` with the results or returns the thrown error.
    public static func run(_ outputs: FunctionOutputs, _ body: () throws -> [HostTensor]) -> FunctionStatus {
        hostResult {
            let results = try body()
            guard let outputs else { throw KernelError.invalidArgument("no output slots") }
            for (i, result) in results.enumerated() { outputs[i] = result.passRetained() }
        }
    }

    // MARK: Output-shape thunks (the C slot has no context: one thunk per function slot)

    static let maximumWithShapeRules = 16
    private static let rules = Mutex<[ShapeRule?]>(Array(repeating: nil, count: 16))

    typealias ShapeThunk = @convention(c) (UnsafePointer<keras_shape>?, Int32, UnsafePointer<CChar>?,
                                           UnsafeMutablePointer<keras_shape>?, Int32, UnsafeMutablePointer<Int32>?) -> UnsafeMutablePointer<keras_error>?

    /// A C output-shape function for `rule` (at most 16 per plugin image).
    static func shapeThunk(for rule: @escaping ShapeRule) -> ShapeThunk? {
        let slot: Int? = rules.withLock { rules in
            guard let free = rules.firstIndex(where: { $0 == nil }) else { return nil }
            rules[free] = rule
            return free
        }
        return slot.map { thunks[$0] }
    }

    static func runShape(_ slot: Int, _ shapes: UnsafePointer<keras_shape>?, _ count: Int32, _ arguments: UnsafePointer<CChar>?,
                         _ outputs: UnsafeMutablePointer<keras_shape>?, _ capacity: Int32, _ produced: UnsafeMutablePointer<Int32>?) -> FunctionStatus {
        hostResult {
            guard let rule = rules.withLock({ $0[slot] }) else { throw KernelError.failure("no output-shape rule in slot \(slot)") }
            let args = try ConfigValue.parseObject(arguments.map { String(cString: $0) }, "arguments")
            let result = try rule(readShapes(shapes, count), args)
            guard result.count <= Int(capacity) else { throw KernelError.invalidArgument("\(result.count) output shapes, room for \(capacity)") }
            for (i, shape) in result.enumerated() { outputs![i] = try makeShape(shape) }
            produced?.pointee = Int32(result.count)
        }
    }

    private static let thunks: [ShapeThunk] = [
        { s, n, a, o, c, p in LambdaFunction.runShape(0, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(1, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(2, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(3, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(4, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(5, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(6, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(7, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(8, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(9, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(10, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(11, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(12, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(13, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(14, s, n, a, o, c, p) },
        { s, n, a, o, c, p in LambdaFunction.runShape(15, s, n, a, o, c, p) }
    ]
}
