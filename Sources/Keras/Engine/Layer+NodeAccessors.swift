/// Keras's node accessors: a layer's inputs, outputs and their shapes, per call.
///
/// A layer called once has one node and `input` / `output` are unambiguous. A shared layer has
/// one node per call: `getOutputAt(1)` is the output of its second call, and `output` throws
/// because it is ill-defined; `inputShape` / `outputShape` throw only when the calls' shapes
/// differ. These are Keras 2's rules (the functional-API guide relies on them).
extension Layer {
    /// The input shape, the same for every call.
    public var inputShape: [Int?] { get throws { try one(inputShapes, "input shape") } }
    /// The input shapes, the same for every call.
    public var inputShapes: [[Int?]] { get throws { try commonShapes("input shape") { $0.inputs } } }
    /// The output shape, the same for every call.
    public var outputShape: [Int?] { get throws { try one(outputShapes, "output shape") } }
    /// The output shapes, the same for every call.
    public var outputShapes: [[Int?]] { get throws { try commonShapes("output shape") { $0.outputs } } }

    /// The input of call `index` (`get_input_at`).
    public func getInputAt(_ index: Int) throws -> KerasTensor { try one(node(at: index, for: "input").inputs, "input") }
    /// The output of call `index` (`get_output_at`).
    public func getOutputAt(_ index: Int) throws -> KerasTensor { try one(node(at: index, for: "output").outputs, "output") }
    /// The inputs of call `index`.
    public func getInputsAt(_ index: Int) throws -> [KerasTensor] { try node(at: index, for: "input").inputs }
    /// The outputs of call `index`.
    public func getOutputsAt(_ index: Int) throws -> [KerasTensor] { try node(at: index, for: "output").outputs }
    /// The input shape of call `index` (`get_input_shape_at`).
    public func getInputShapeAt(_ index: Int) throws -> [Int?] { try one(nodeShapes(at: index, for: "input shape").inputs, "input shape") }
    /// The output shape of call `index` (`get_output_shape_at`).
    public func getOutputShapeAt(_ index: Int) throws -> [Int?] { try one(nodeShapes(at: index, for: "output shape").outputs, "output shape") }

    /// The layer's only node; a freed earlier call still counts (as in Keras, which keeps it).
    func onlyNode(_ attribute: String) throws -> Node {
        let count = nodeShapes.count
        if count == 0 {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" is not connected, no \(attribute) to return.")
        }
        guard count == 1 else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" has multiple inbound nodes, hence the notion of \"layer \(attribute)\" is ill-defined. Use get\(attribute.prefix(1).uppercased() + attribute.dropFirst())At(_:) instead.")
        }
        return try node(at: 0, for: attribute)
    }

    private func commonShapes(_ attribute: String, _ read: ((inputs: [[Int?]], outputs: [[Int?]])) -> [[Int?]]) throws -> [[Int?]] {
        let nodes = nodeShapes
        guard let first = nodes.first else {
            throw KerasError(.invalidArgument, "The layer \"\(name)\" has never been called and thus has no defined \(attribute).")
        }
        let shapes = read(first)
        if nodes.dropFirst().contains(where: { read($0) != shapes }) {
            throw KerasError(.invalidArgument, "The layer \"\(name)\" has multiple inbound nodes, with different \(attribute)s. Hence the notion of \"\(attribute)\" is ill-defined for the layer. Use get\(attribute == "input shape" ? "Input" : "Output")ShapeAt(_:) instead.")
        }
        return shapes
    }

    func one<T>(_ values: [T], _ attribute: String) throws -> T {
        guard values.count == 1 else {
            throw KerasError(.invalidArgument, "Layer \"\(name)\" has \(values.count) \(attribute)s; use the plural accessor")
        }
        return values[0]
    }
}
