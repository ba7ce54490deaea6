/// A linear stack of layers, each feeding the next.
///
/// ```swift
/// let model = try Sequential([
///     Dense(32, activation: .relu, inputShape: [784]),
///     Dense(10, activation: .softmax),
/// ])
/// try model.add(Dropout(0.5))
/// ```
///
/// When the first layer knows its input shape (`inputShape:` or an ``InputLayer``), the model is
/// built at once; otherwise it is built by its first call on data. ``layers`` excludes the input
/// layer, as in Keras.
///
/// Mirrors Keras's `keras.Sequential`.
open class Sequential: Model {
    private var stack: [Layer] = []
    private var inputLayer: InputLayer?

    /// A model from a list of layers.
    public init(_ layers: [Layer] = [], name: String? = nil) throws {
        super.init(name: name ?? UniqueNames.make("sequential"))
        for layer in layers { try add(layer) }
    }

    open override var className: String { "Sequential" }

    /// The layers, without the input layer.
    open override var layers: [Layer] { stack }

    /// Appends a layer on top of the stack. Throws when the layer does not fit the current
    /// output (its input spec or shape rule rejects it) or has several outputs; the model is
    /// left unchanged then.
    public func add(_ layer: Layer) throws {
        if let input = layer as? InputLayer {
            guard stack.isEmpty && inputLayer == nil else {
                throw KerasError(.invalidArgument, "Sequential model \"\(name)\": an InputLayer can only be the first layer.")
            }
            inputLayer = input
            return
        }
        if stack.isEmpty && inputLayer == nil, let shape = layer.batchInputShape {
            inputLayer = InputLayer(batchShape: shape, dtype: layer.dtype, name: "\(layer.name)_input")
        }
        try rebuild(with: stack + [layer])
    }

    /// Removes the last layer.
    public func pop() throws {
        guard !stack.isEmpty else {
            throw KerasError(.invalidArgument, "There are no layers in the model.")
        }
        try rebuild(with: Array(stack.dropLast()))
    }

    /// Builds the graph for inputs of `batchShape` (Keras's `model.build(input_shape)`).
    public func build(batchShape: [Int?]) throws {
        if inputLayer == nil { inputLayer = InputLayer(batchShape: batchShape, dtype: stack.first?.dtype) }
        try rebuild(with: stack)
    }

    open override func call(_ inputs: [Tensor], training: Bool, mask: [Tensor?]) throws -> [Tensor] {
        if graph == nil, let first = inputs.first {
            try build(batchShape: [nil] + first.shape.dropFirst().map { Optional($0) })
        }
        return try super.call(inputs, training: training, mask: mask)
    }

    /// The layers (the input layer first when the model has one) and `build_input_shape`, as
    /// Keras 3 writes a Sequential's config.
    open override func getConfig() -> [String: JSONValue] {
        ModelSerializer.sequentialConfig(self, inputLayer: inputLayer)
    }

    /// Re-links the stack; on failure the previous stack stays.
    private func rebuild(with layers: [Layer]) throws {
        guard let inputLayer else {
            stack = layers
            for layer in layers { track(layer) }
            return
        }
        var x = inputLayer.tensor
        for layer in layers {
            let outputs = try layer.callSymbolic([x])
            guard outputs.count == 1 else {
                throw KerasError(.invalidArgument, "All layers in a Sequential model should have a single output tensor; layer \"\(layer.name)\" has \(outputs.count). For multi-output layers, use the functional API.")
            }
            x = outputs[0]
        }
        let graph = try LayerGraph(inputs: [inputLayer.tensor], outputs: [x])
        stack = layers
        setGraph(graph, trackedLayers: layers)
    }
}
