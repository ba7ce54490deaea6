/// A model: layers grouped into an object with inputs and outputs, that can be trained,
/// evaluated, and called like a layer.
///
/// Built with the functional API from symbolic inputs and outputs — any graph of layers,
/// several inputs and outputs, shared layers, models inside models:
///
/// ```swift
/// let inputs = Input(shape: [784])
/// var x = try Dense(64, activation: .relu)(inputs)
/// x = try Dense(64, activation: .relu)(x)
/// let predictions = try Dense(10, activation: .softmax)(x)
/// let model = try Model(inputs: inputs, outputs: predictions)
/// ```
///
/// Or subclassed: override ``call(_:training:mask:)`` and create sub-layers in `init`
/// (``track(_:)`` them so their weights are the model's).
///
/// A model is a layer: calling it on new KerasTensors reuses its layers and weights. As in
/// Keras, a functional model owns node 0 of itself, linking its inputs to its outputs, so its
/// first call inside another model is node 1.
///
/// Mirrors Keras's `keras.Model` (`Functional` when built from a graph).
open class Model: Layer {
    package private(set) var graph: LayerGraph?

    /// What `compile` configured: optimizer, losses, loss weights, metrics (see Training/).
    package var compiled: CompiledModel?
    /// Set by a callback to stop `fit` after the current batch (Keras's `stop_training`).
    public var stopTraining = false
    /// The history of the last `fit`.
    public internal(set) var history: History?

    /// A functional model from symbolic inputs to outputs. Throws when the graph is
    /// disconnected, an input does not come from `Input`, or two layers share a name.
    public init(inputs: [KerasTensor], outputs: [KerasTensor], name: String? = nil) throws {
        let graph = try LayerGraph(inputs: inputs, outputs: outputs)
        super.init(name: name ?? UniqueNames.make("functional"))
        setGraph(graph, trackedLayers: graph.layers)
    }

    /// Installs `graph` (with its own node 0 linking inputs to outputs) and tracks `layers`.
    func setGraph(_ graph: LayerGraph, trackedLayers layers: [Layer]) {
        let node = Self.ownNode(of: self, graph: graph)
        if self.graph == nil { appendNode(node) } else { replaceNode(at: 0, with: node) }
        self.graph = graph
        trackedLayers = layers
        built = true
    }

    /// The model's own node 0, linking its inputs to its outputs (held weakly like every node;
    /// made again when asked for after being freed).
    override func makeOwnNode() -> Node? {
        graph.map { Self.ownNode(of: self, graph: $0) }
    }

    private static func ownNode(of model: Model, graph: LayerGraph) -> Node {
        Node(layer: model, inputs: graph.inputs, outputShapes: graph.outputs.map(\.shape), outputDTypes: graph.outputs.map(\.dtype))
    }

    /// A functional model with one input and one output.
    public convenience init(inputs: KerasTensor, outputs: KerasTensor, name: String? = nil) throws {
        try self.init(inputs: [inputs], outputs: [outputs], name: name)
    }

    /// A functional model with one input and several outputs.
    public convenience init(inputs: KerasTensor, outputs: [KerasTensor], name: String? = nil) throws {
        try self.init(inputs: [inputs], outputs: outputs, name: name)
    }

    /// A functional model with several inputs and one output.
    public convenience init(inputs: [KerasTensor], outputs: KerasTensor, name: String? = nil) throws {
        try self.init(inputs: inputs, outputs: [outputs], name: name)
    }

    /// A subclassed model: override ``call(_:training:mask:)``.
    public init(name: String? = nil, trainable: Bool = true, dtype: DType? = nil) {
        super.init(name: name, trainable: trainable, dtype: dtype)
    }

    /// Keras 3 calls a graph model `Functional`.
    open override var className: String { graph == nil ? String(describing: type(of: self)) : "Functional" }

    /// The model's layers in Keras's order (input layers included for functional models).
    open var layers: [Layer] { graph?.layers ?? trackedLayers }

    /// The layer named `name`; throws "No such layer" otherwise.
    public func getLayer(name: String) throws -> Layer {
        guard let layer = layers.first(where: { $0.name == name }) else {
            throw KerasError(.invalidArgument, "No such layer: \(name). Existing layers are: \(layers.map(\.name)).")
        }
        return layer
    }

    /// The layer at `index` in ``layers``.
    public func getLayer(index: Int) throws -> Layer {
        let all = layers
        guard index >= 0 && index < all.count else {
            throw KerasError(.invalidArgument, "Was asked to retrieve layer at index \(index) but model only has \(all.count) layers.")
        }
        return all[index]
    }

    /// The model's symbolic inputs.
    open override var inputs: [KerasTensor] {
        get throws {
            guard let graph else { throw KerasError(.invalidArgument, "Model \"\(name)\" has no symbolic inputs (it is subclassed or not built yet).") }
            return graph.inputs
        }
    }

    /// The model's symbolic outputs.
    open override var outputs: [KerasTensor] {
        get throws {
            guard let graph else { throw KerasError(.invalidArgument, "Model \"\(name)\" has no symbolic outputs (it is subclassed or not built yet).") }
            return graph.outputs
        }
    }

    /// The model's first input.
    open override var input: KerasTensor { get throws { try one(inputs, "input") } }
    /// The model's output (throws for several outputs; use ``outputs``).
    open override var output: KerasTensor { get throws { try one(outputs, "output") } }

    open override func call(_ inputs: [Tensor], training: Bool, mask: [Tensor?]) throws -> [Tensor] {
        guard let graph else {
            throw KerasError(.unimplemented, "Model \"\(name)\" has no graph: a subclassed model must override call(_:training:mask:)")
        }
        guard inputs.count == graph.inputs.count else {
            throw KerasError(.invalidArgument, "Model \"\(name)\" expects \(graph.inputs.count) input(s), but it received \(inputs.count) input tensors.")
        }
        for (i, (x, symbolic)) in zip(inputs, graph.inputs).enumerated() {
            try InputSpec(shape: symbolic.shape).check(shape: x.shape, dtype: x.dtype, layer: name, input: i)
        }
        clearCallLosses()
        return try graph.run(inputs, masks: mask, training: training)
    }

    open override func computeOutputShapes(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard let graph else { return try super.computeOutputShapes(inputShapes) }
        return try graph.outputShapes(for: inputShapes)
    }

    open override func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] {
        graph?.outputs.map(\.dtype) ?? super.computeOutputDTypes(inputDTypes, outputCount: outputCount)
    }

    /// A functional model's config holds its graph: `layers` (each with its `inbound_nodes`),
    /// `input_layers` and `output_layers`, as Keras 3 writes it.
    open override func getConfig() -> [String: JSONValue] {
        guard let graph, !(self is Sequential) else { return super.getConfig() }
        return ModelSerializer.functionalConfig(self, graph: graph)
    }
}
