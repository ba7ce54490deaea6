/// Wraps an expression of K functions as a layer: `output = function(input)`.
///
/// For transformations without weights that no built-in layer provides. The function takes
/// one tensor, or a list when the layer is called on several inputs (then it may also return a
/// list); a variant takes the layer's scalar `arguments` too.
///
/// - Parameters:
///   - function: the computation, written with `K` functions so it is differentiable and runs
///     on every backend.
///   - outputShape: the output shape without the batch axis (`[3]` → `(batch, 3)`, the batch
///     size of the first input), or a rule from the input shape (``LambdaOutputShape/rule(_:)``).
///     `nil`: inferred by running the function on zeros.
///   - mask: the output mask: `nil` (none), a constant tensor, or a rule from the inputs and
///     their masks.
///   - arguments: scalar keyword arguments passed to the function.
///
/// ```swift
/// let x = Input(shape: [3, 3])
/// let y = try Lambda { K.abs($0) }(x)                                    // (None, 3, 3)
/// let s = try Lambda({ xs in xs[0] * xs[1] }, outputShape: [3])([a, b])   // (None, 3)
/// ```
///
/// Saving: a Lambda built from a function registered in ``LambdaFunctions`` (``init(named:arguments:outputShape:mask:name:trainable:dtype:inputShape:)``)
/// serializes as that name and is rebuilt from its config. A Lambda built from an unnamed
/// closure writes `{"class_name": "__lambda__"}` instead, and rebuilding it from a config throws.
///
/// Mirrors Keras's `keras.layers.Lambda`.
public final class Lambda: Layer {
    /// The output mask of a ``Lambda`` layer (Keras's `mask` argument).
    public enum Mask {
        /// The same mask whatever the input.
        case constant(Tensor)
        /// A mask computed from the inputs and their masks.
        case rule(([Tensor], [Tensor?]) -> Tensor?)
    }

    /// The name the function is registered under in ``LambdaFunctions``; nil for a closure.
    public let functionName: String?
    /// Scalar keyword arguments passed to the function.
    public let arguments: [String: Double]
    /// What the layer says about its output shape; nil means inferred.
    public let declaredOutputShape: LambdaOutputShape?
    /// The output mask; nil means none.
    public let mask: Mask?
    private let function: ([Tensor], [String: Double]) throws -> [Tensor]

    private init(general function: @escaping ([Tensor], [String: Double]) throws -> [Tensor], functionName: String?,
                 arguments: [String: Double], outputShape: LambdaOutputShape?, mask: Mask?,
                 name: String?, trainable: Bool, dtype: DType?, inputShape: [Int?]?) {
        self.function = function
        self.functionName = functionName
        self.arguments = arguments
        self.declaredOutputShape = outputShape
        self.mask = mask
        super.init(name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
        supportsMasking = mask != nil
    }

    /// A Lambda layer computing `function` of one tensor.
    ///
    /// ```swift
    /// let y = try Lambda { K.square($0) }(x)
    /// ```
    public convenience init(_ function: @escaping (Tensor) -> Tensor, outputShape: LambdaOutputShape? = nil,
                            mask: Mask? = nil, name: String? = nil, trainable: Bool = true, dtype: DType? = nil,
                            inputShape: [Int?]? = nil) {
        self.init(general: { inputs, _ in [function(try LambdaFunctions.single(inputs, "<closure>"))] },
                  functionName: nil, arguments: [:], outputShape: outputShape, mask: mask,
                  name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
    }

    /// A Lambda layer computing `function` of one tensor and the scalar `arguments`.
    ///
    /// ```swift
    /// let y = try Lambda({ x, args in x * args["scale"]! }, arguments: ["scale": 0.5])(x)
    /// ```
    public convenience init(_ function: @escaping (Tensor, [String: Double]) -> Tensor, outputShape: LambdaOutputShape? = nil,
                            mask: Mask? = nil, arguments: [String: Double], name: String? = nil, trainable: Bool = true,
                            dtype: DType? = nil, inputShape: [Int?]? = nil) {
        self.init(general: { inputs, args in [function(try LambdaFunctions.single(inputs, "<closure>"), args)] },
                  functionName: nil, arguments: arguments, outputShape: outputShape, mask: mask,
                  name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
    }

    /// A Lambda layer computing one tensor from the list of its inputs.
    ///
    /// ```swift
    /// let d = try Lambda({ xs in K.abs(xs[0] - xs[1]) }, outputShape: [8])([a, b])
    /// ```
    public convenience init(_ function: @escaping ([Tensor]) -> Tensor, outputShape: LambdaOutputShape? = nil,
                            mask: Mask? = nil, name: String? = nil, trainable: Bool = true, dtype: DType? = nil) {
        self.init(general: { inputs, _ in [function(inputs)] }, functionName: nil, arguments: [:],
                  outputShape: outputShape, mask: mask, name: name, trainable: trainable, dtype: dtype, inputShape: nil)
    }

    /// A Lambda layer computing several tensors from the list of its inputs.
    @_disfavoredOverload
    public convenience init(_ function: @escaping ([Tensor]) -> [Tensor], outputShape: LambdaOutputShape? = nil,
                            mask: Mask? = nil, name: String? = nil, trainable: Bool = true, dtype: DType? = nil) {
        self.init(general: { inputs, _ in function(inputs) }, functionName: nil, arguments: [:],
                  outputShape: outputShape, mask: mask, name: name, trainable: trainable, dtype: dtype, inputShape: nil)
    }

    /// A Lambda layer computing the function registered as `functionName` in
    /// ``LambdaFunctions``; its config names the function, so it can be saved and rebuilt.
    /// Without `outputShape`, the registered shape rule is used, else the shape is inferred.
    /// Throws when nothing is registered under the name.
    ///
    /// ```swift
    /// LambdaFunctions.register("space_to_depth") { x in spaceToDepth(x, blockSize: 2) }
    /// let layer = try Lambda(named: "space_to_depth")
    /// ```
    public convenience init(named functionName: String, arguments: [String: Double] = [:],
                            outputShape: LambdaOutputShape? = nil, mask: Mask? = nil, name: String? = nil,
                            trainable: Bool = true, dtype: DType? = nil, inputShape: [Int?]? = nil) throws {
        let entry = try LambdaFunctions.lookup(functionName)
        let shape = outputShape ?? entry.outputShape.map { LambdaOutputShape(.rule($0)) }
        self.init(general: entry.function, functionName: functionName, arguments: arguments, outputShape: shape,
                  mask: mask, name: name, trainable: trainable, dtype: dtype, inputShape: inputShape)
    }

    public override func call(_ inputs: [Tensor], training: Bool, mask: [Tensor?]) throws -> [Tensor] {
        try function(inputs, arguments)
    }

    public override func computeOutputShapes(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        if let declaredOutputShape { return try declaredOutputShape.resolve(inputShapes) }
        do {
            return try ShapeInference.byRunning(self, inputShapes: inputShapes)
        } catch let error as KerasError {
            throw KerasError(error.kind, "Lambda layer \"\(name)\": we could not automatically infer the shape of the Lambda's output (\(error.message)). Please specify the `outputShape` argument for this Lambda layer.")
        }
    }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        let shapes = try computeOutputShapes([inputShape])
        guard shapes.count == 1 else {
            throw KerasError(.invalidArgument, "Lambda layer \"\(name)\" has \(shapes.count) outputs; use computeOutputShapes(_:)")
        }
        return shapes[0]
    }

    public override func computeMask(_ inputs: [Tensor], mask masks: [Tensor?]) throws -> [Tensor?] {
        switch mask {
        case nil: return [nil]
        case .constant(let m): return [m]
        case .rule(let rule): return [rule(inputs, masks)]
        }
    }

    public override func getConfig() -> [String: JSONValue] {
        super.getConfig().merging(lambdaConfig()) { _, new in new }
    }
}
