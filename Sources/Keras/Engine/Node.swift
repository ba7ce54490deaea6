/// One call of a layer on symbolic inputs: the edge of a layer graph.
///
/// Calling a layer on ``KerasTensor``s creates a node that records the layer, the input tensors
/// (which lead back to the nodes that made them), and the shapes and dtypes of the outputs. The
/// outputs are ``KerasTensor``s that point back at this node. Nodes are appended to the
/// called layer's inbound nodes, so `layer.getOutputAt(1)` is the output of its second call.
/// The node owns its layer; the layer lists its nodes weakly (``Layer/inboundNodes``), so a
/// graph lives as long as a tensor or model that uses it, and no longer.
///
/// Mirrors Keras's `Node` (`keras/src/ops/node.py`).
public final class Node: @unchecked Sendable {
    /// The layer that was called.
    public let layer: Layer
    /// The symbolic inputs of the call.
    public let inputs: [KerasTensor]
    /// Output shapes and dtypes.
    public let outputShapes: [[Int?]]
    public let outputDTypes: [DType]
    /// Keyword arguments of the call that a graph must replay (e.g. `training`).
    public let arguments: [String: JSONValue]
    /// Masks passed explicitly to the call (`layer(x, mask: m)`), one per input; nil entries
    /// take the mask propagated from upstream.
    public let explicitMasks: [KerasTensor?]

    init(layer: Layer, inputs: [KerasTensor], outputShapes: [[Int?]], outputDTypes: [DType],
         arguments: [String: JSONValue] = [:], explicitMasks: [KerasTensor?] = []) {
        self.layer = layer
        self.inputs = inputs
        self.outputShapes = outputShapes
        self.outputDTypes = outputDTypes
        self.arguments = arguments
        self.explicitMasks = explicitMasks
    }

    /// Every tensor the call depends on: the inputs, then the explicit masks.
    public var dependencies: [KerasTensor] { inputs + explicitMasks.compactMap { $0 } }

    /// The symbolic outputs.
    public var outputs: [KerasTensor] {
        outputShapes.indices.map { KerasTensor(shape: outputShapes[$0], dtype: outputDTypes[$0], node: self, index: $0) }
    }

    /// Shapes of the inputs.
    public var inputShapes: [[Int?]] { inputs.map(\.shape) }

    /// The nodes that produced the inputs and explicit masks.
    public var parentNodes: [Node] { dependencies.map(\.node) }

    /// Whether this is an input node (the node an ``InputLayer`` creates for itself).
    public var isInput: Bool { inputs.isEmpty }
}
