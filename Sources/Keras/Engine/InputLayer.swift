/// The entry point of a layer graph: holds the shape and dtype of one model input.
///
/// You rarely create one directly; ``Input(shape:batchSize:name:dtype:)`` does, and returns its
/// output tensor. It owns node 0 of itself, whose output is that tensor (held by the tensors
/// and models that use it, and made again when asked for after being freed).
///
/// Mirrors Keras's `keras.layers.InputLayer`.
public final class InputLayer: Layer {
    /// The full input shape, batch axis first (`[nil, 784]`).
    public let batchShape: [Int?]

    /// An input layer for tensors of `batchShape` (batch axis included).
    public init(batchShape: [Int?], dtype: DType? = nil, name: String? = nil) {
        self.batchShape = batchShape
        super.init(name: name ?? UniqueNames.make("input_layer"), dtype: dtype)
        built = true
        appendNode(makeOwnNode()!)
    }

    /// The symbolic tensor this layer feeds into the graph.
    public var tensor: KerasTensor { inboundNodes[0].outputs[0] }

    override func makeOwnNode() -> Node? {
        Node(layer: self, inputs: [], outputShapes: [batchShape], outputDTypes: [dtype])
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor { input }

    public override func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] { batchShape }

    public override func getConfig() -> [String: JSONValue] {
        [
            "batch_shape": LayerConfig.shape(batchShape),
            "dtype": .string(dtype.rawValue),
            "sparse": .bool(false),
            "ragged": .bool(false),
            "name": .string(name),
            "optional": .bool(false),
        ]
    }
}

/// A symbolic input for a functional model: a ``KerasTensor`` of shape `[batchSize] + shape`.
///
/// ```swift
/// let x = Input(shape: [784])                 // (None, 784)
/// let ids = Input(shape: [100], dtype: .int32, name: "main_input")
/// ```
///
/// Mirrors Keras's `keras.Input(shape, batch_size, name, dtype)`.
public func Input(shape: [Int?], batchSize: Int? = nil, name: String? = nil, dtype: DType? = nil) -> KerasTensor {
    InputLayer(batchShape: [batchSize] + shape, dtype: dtype, name: name).tensor
}
