/// How a layer lists one of its nodes without owning it: a weak reference to the ``Node``,
/// and the call's shapes, which outlive it.
///
/// A node owns its layer, so the layer must not own the node (that cycle kept every model
/// alive). The shapes stay after the node is freed, so `inputShape`, `getOutputShapeAt(_:)` and
/// the one-node-per-call rules answer as in Keras, which keeps every node.
struct NodeSlot {
    weak var node: Node?
    let inputShapes: [[Int?]]
    let outputShapes: [[Int?]]

    init(_ node: Node) {
        self.node = node
        inputShapes = node.inputShapes
        outputShapes = node.outputShapes
    }
}
