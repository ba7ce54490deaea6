/// The base class of every layer: weights, a `build` from the input shape, a `call` on
/// tensors, an output-shape rule, and a config.
///
/// Subclass it the way Keras documents custom layers — create weights in
/// ``build(inputShape:)``, compute in ``call(_:training:)``, give the output shape in
/// ``computeOutputShape(_:)``, and list constructor arguments in ``getConfig()``:
///
/// ```swift
/// final class MyLayer: Layer {
///     let outputDim: Int
///     var kernel: Variable!
///     init(outputDim: Int) { self.outputDim = outputDim; super.init() }
///     override func build(inputShape: [Int?]) throws {
///         kernel = addWeight(name: "kernel", shape: [inputShape[1]!, outputDim], initializer: "uniform")
///     }
///     override func call(_ x: Tensor, training: Bool) throws -> Tensor { K.dot(x, kernel.value) }
///     override func computeOutputShape(_ s: [Int?]) throws -> [Int?] { [s[0], outputDim] }
/// }
/// let y = try MyLayer(outputDim: 3)(Input(shape: [5]))     // KerasTensor (None, 3)
/// ```
///
/// Layers taking several tensors or returning several override the list forms
/// (``build(inputShapes:)``, ``call(_:training:mask:)``, ``computeOutputShapes(_:)``).
/// Calling a layer on ``KerasTensor``s records a ``Node`` (symbolic); calling it on ``Tensor``s
/// computes (eager). Either call builds the layer first if needed.
///
/// Mirrors Keras's `keras.layers.Layer`.
open class Layer: CustomStringConvertible {
    /// The layer's unique name (`dense`, `dense_1`, … as Keras 3 names them).
    public var name: String
    /// Whether the layer's weights are updated by training. Setting it to false moves the
    /// trainable weights to ``nonTrainableWeights``.
    public var trainable: Bool {
        didSet { for layer in trackedLayers { layer.trainable = trainable } }
    }
    /// The dtype of the layer's weights and computations (`floatx()` by default).
    public let dtype: DType
    /// Whether ``build(inputShapes:)`` has run.
    public internal(set) var built = false
    /// What the layer accepts, one spec per input (nil: anything).
    public var inputSpec: [InputSpec]?
    /// Whether the layer propagates or consumes masks.
    public var supportsMasking = false
    /// The shape the layer expects, batch dimension first, when given at construction
    /// (Keras's `input_shape=` / `batch_input_shape=`): a `Sequential` starts from it.
    public var batchInputShape: [Int?]?

    package var ownTrainableWeights: [Variable] = []
    package var ownNonTrainableWeights: [Variable] = []
    /// Layers whose weights belong to this one (wrapped layers, layers inside a model or a
    /// custom layer).
    public internal(set) var trackedLayers: [Layer] = []
    var weightRegularizers: [(Variable, Regularizer)] = []
    var callLosses: [Tensor] = []
    /// The layer's nodes, held weakly (see ``inboundNodes``); a slot keeps its index when its
    /// node is freed, so node indices (`keras_history`) never shift.
    private var nodeSlots: [NodeSlot] = []

    /// Creates a layer.
    ///
    /// - Parameters:
    ///   - name: unique name; by default the snake-cased class name made unique (`dense_1`).
    ///   - trainable: whether training updates the weights.
    ///   - dtype: weight and compute dtype; `floatx()` by default.
    ///   - inputShape: the input shape without the batch axis, for the first layer of a
    ///     `Sequential` (Keras's `input_shape`).
    ///   - batchSize: the fixed batch size to go with `inputShape`.
    public init(name: String? = nil, trainable: Bool = true, dtype: DType? = nil,
                inputShape: [Int?]? = nil, batchSize: Int? = nil) {
        self.trainable = trainable
        self.dtype = dtype ?? KerasConfig.floatx
        self.name = ""
        self.name = name ?? UniqueNames.make(UniqueNames.snakeCase(className))
        if let inputShape { batchInputShape = [batchSize] + inputShape }
    }

    /// Keras's class name (`"Dense"`), used in configs and summaries.
    open var className: String { String(describing: type(of: self)) }

    // MARK: Overridable: the layer's definition

    /// Creates the weights for a single input of shape `inputShape` (batch axis first).
    /// The default does nothing.
    open func build(inputShape: [Int?]) throws {}

    /// Creates the weights for several inputs. The default forwards a single input to
    /// ``build(inputShape:)``.
    open func build(inputShapes: [[Int?]]) throws {
        if inputShapes.count == 1 { try build(inputShape: inputShapes[0]) }
    }

    /// Computes the output for a single input. Override this or ``call(_:training:mask:)``.
    open func call(_ input: Tensor, training: Bool) throws -> Tensor {
        throw KerasError(.unimplemented, "Layer \"\(name)\" (\(className)) does not implement call(_:training:)")
    }

    /// Computes the outputs for any number of inputs. The default forwards a single input to
    /// ``call(_:training:)``.
    open func call(_ inputs: [Tensor], training: Bool, mask: [Tensor?]) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw KerasError(.unimplemented, "Layer \"\(name)\" (\(className)) received \(inputs.count) inputs but implements only call(_:training:) for one")
        }
        return [try call(inputs[0], training: training)]
    }

    /// The output shape for one input shape. The default runs the layer on a zero tensor
    /// (unknown dimensions set to 1) and reads the result's shape, keeping the batch axis
    /// unknown; override it when the shape is plain arithmetic or depends on unknown axes.
    open func computeOutputShape(_ inputShape: [Int?]) throws -> [Int?] {
        let shapes = try ShapeInference.byRunning(self, inputShapes: [inputShape])
        guard shapes.count == 1 else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" has \(shapes.count) outputs; override computeOutputShapes(_:)")
        }
        return shapes[0]
    }

    /// The output shapes for several inputs. The default forwards a single input to
    /// ``computeOutputShape(_:)``, and runs the layer on zeros for several.
    open func computeOutputShapes(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        if inputShapes.count == 1 { return [try computeOutputShape(inputShapes[0])] }
        return try ShapeInference.byRunning(self, inputShapes: inputShapes)
    }

    /// The output dtypes; the default is the layer's ``dtype`` for every output.
    open func computeOutputDTypes(_ inputDTypes: [DType], outputCount: Int) -> [DType] {
        Array(repeating: dtype, count: outputCount)
    }

    /// The output masks. The default passes the first input's mask through when the layer
    /// ``supportsMasking``, and drops masks otherwise.
    open func computeMask(_ inputs: [Tensor], mask: [Tensor?]) throws -> [Tensor?] {
        supportsMasking ? [mask.first ?? nil] : [nil]
    }

    /// The constructor arguments as Keras 3 config values. Subclasses add theirs to
    /// `super.getConfig()`.
    open func getConfig() -> [String: JSONValue] {
        var config: [String: JSONValue] = [
            "name": .string(name),
            "trainable": .bool(trainable),
            "dtype": LayerConfig.dtypePolicy(dtype),
        ]
        if let batchInputShape { config["batch_input_shape"] = LayerConfig.shape(batchInputShape) }
        return config
    }

    // MARK: Nodes

    /// The input of the layer's only call (throws when never called, called several times,
    /// or called on several inputs).
    open var input: KerasTensor { get throws { try one(inputs, "input") } }
    /// The inputs of the layer's only call.
    open var inputs: [KerasTensor] { get throws { try onlyNode("input").inputs } }
    /// The output of the layer's only call.
    open var output: KerasTensor { get throws { try one(outputs, "output") } }
    /// The outputs of the layer's only call.
    open var outputs: [KerasTensor] { get throws { try onlyNode("output").outputs } }

    /// The nodes created by calling this layer on symbolic inputs, in call order, that are
    /// still in use.
    ///
    /// A node keeps its layer and its inputs, and a tensor keeps its node, so a symbolic tensor
    /// (`let y = try Dense(3)(x)`) keeps the graph that produced it alive, and a model keeps its
    /// whole graph. A layer holds its nodes weakly: a node nothing refers to any more (the
    /// result of a call that was dropped) is freed and left out here, and the other nodes keep
    /// their index. That breaks the layer ↔ node reference cycle, so a model, its layers and
    /// weights are freed once nothing uses them. An ``InputLayer``'s node and a functional
    /// model's own node 0 are made again when asked for after being freed. The shapes of every
    /// call are kept (``inputShape``, ``getOutputShapeAt(_:)`` answer for freed calls too);
    /// the tensors of a freed call are gone (``getOutputAt(_:)`` throws for it).
    public var inboundNodes: [Node] { nodeSlots.indices.compactMap { liveNode(at: $0) } }

    func appendNode(_ node: Node) { nodeSlots.append(NodeSlot(node)) }

    /// Replaces node `index` (a model's own node 0 when its graph is rebuilt).
    func replaceNode(at index: Int, with node: Node) { nodeSlots[index] = NodeSlot(node) }

    /// The node a layer makes of itself at index 0, when it has one (an ``InputLayer``'s input
    /// node, a functional model's node linking its inputs to its outputs): made again when the
    /// previous one was freed. Nil for other layers.
    func makeOwnNode() -> Node? { nil }

    /// The node at `index`, remade when it is the layer's own node and was freed.
    private func liveNode(at index: Int) -> Node? {
        if let node = nodeSlots[index].node { return node }
        guard index == 0, let node = makeOwnNode() else { return nil }
        nodeSlots[0] = NodeSlot(node)
        return node
    }

    /// The position of `node` among this layer's inbound nodes.
    public func nodeIndex(of node: Node) -> Int? {
        nodeSlots.firstIndex { $0.node === node }
    }

    /// The input and output shapes of every call, freed nodes included.
    var nodeShapes: [(inputs: [[Int?]], outputs: [[Int?]])] { nodeSlots.map { ($0.inputShapes, $0.outputShapes) } }

    /// The input and output shapes of call `index` (kept after its node is freed), or a clear error.
    func nodeShapes(at index: Int, for attribute: String) throws -> (inputs: [[Int?]], outputs: [[Int?]]) {
        try checkNodeIndex(index, for: attribute)
        return (nodeSlots[index].inputShapes, nodeSlots[index].outputShapes)
    }

    private func checkNodeIndex(_ index: Int, for attribute: String) throws {
        if nodeSlots.isEmpty {
            throw KerasError(.invalidArgument, "The layer \"\(name)\" has never been called and thus has no defined \(attribute).")
        }
        guard index >= 0 && index < nodeSlots.count else {
            throw KerasError(.invalidArgument, "Asked to get \(attribute) at node \(index), but the layer \"\(name)\" has only \(nodeSlots.count) inbound nodes.")
        }
    }

    /// The node at `index`, or a clear error.
    func node(at index: Int, for attribute: String) throws -> Node {
        try checkNodeIndex(index, for: attribute)
        guard let node = liveNode(at: index) else {
            throw KerasError(.invalidArgument, "Asked to get \(attribute) at node \(index) of the layer \"\(name)\", but that node was freed: nothing refers to the outputs of that call any more (keep its output tensors, or a model built from them).")
        }
        return node
    }

    public var description: String { "<\(className) name=\(name), built=\(built)>" }
}

