/// A directed acyclic graph of layer calls from input tensors to output tensors: what a
/// functional ``Model`` runs.
///
/// Built once from the outputs' history: nodes are ordered so that every node comes after the
/// nodes that feed it, and layers are ordered as Keras orders `model.layers` (by depth from the
/// outputs, deepest first, ties in traversal order) — which is also the order of
/// `get_weights()`.
package struct LayerGraph {
    let inputs: [KerasTensor]
    let outputs: [KerasTensor]
    /// Non-input nodes in execution order.
    package let nodes: [Node]
    /// Every layer of the graph, input layers included, in Keras's order.
    package let layers: [Layer]

    init(inputs: [KerasTensor], outputs: [KerasTensor]) throws {
        self.inputs = inputs
        self.outputs = outputs
        let inputSet = Set(inputs)
        for (i, x) in inputs.enumerated() where !(x.layer is InputLayer) {
            throw KerasError(.invalidArgument, "Model inputs must come from `Input`; input \(i) (\(x.name)) comes from layer \"\(x.layer.name)\" (\(x.layer.className)).")
        }
        if inputSet.count != inputs.count {
            throw KerasError(.invalidArgument, "The same input tensor is passed to the model more than once.")
        }

        // Depth-first traversal from the outputs: nodes from inputs to outputs.
        var ordered: [Node] = []
        var finished = Set<ObjectIdentifier>()
        var inProgress = Set<ObjectIdentifier>()
        var layerIndex: [ObjectIdentifier: Int] = [:]
        func visit(_ tensor: KerasTensor) throws {
            let node = tensor.node
            let key = ObjectIdentifier(node)
            if finished.contains(key) { return }
            if inProgress.contains(key) {
                throw KerasError(.invalidArgument, "Tensor \(tensor.name) from layer \"\(node.layer.name)\" is part of a cycle.")
            }
            if layerIndex[ObjectIdentifier(node.layer)] == nil { layerIndex[ObjectIdentifier(node.layer)] = layerIndex.count }
            inProgress.insert(key)
            if !node.isInput && !inputSet.contains(tensor) {
                for input in node.dependencies { try visit(input) }
            }
            inProgress.remove(key)
            finished.insert(key)
            ordered.append(node)
        }
        for output in outputs { try visit(output) }

        // Depths: outputs at 0, each parent one deeper than its deepest child.
        var nodeDepth: [ObjectIdentifier: Int] = [:]
        var layerDepth: [ObjectIdentifier: Int] = [:]
        var layerByID: [ObjectIdentifier: Layer] = [:]
        for node in ordered.reversed() {
            let lid = ObjectIdentifier(node.layer)
            let depth = max(nodeDepth[ObjectIdentifier(node), default: 0], layerDepth[lid, default: 0])
            layerDepth[lid] = depth
            layerByID[lid] = node.layer
            nodeDepth[ObjectIdentifier(node)] = depth
            for parent in node.parentNodes {
                nodeDepth[ObjectIdentifier(parent)] = max(depth + 1, nodeDepth[ObjectIdentifier(parent), default: 0])
            }
        }
        for input in inputs where layerDepth[ObjectIdentifier(input.layer)] == nil {
            layerDepth[ObjectIdentifier(input.layer)] = 0
            layerByID[ObjectIdentifier(input.layer)] = input.layer
            layerIndex[ObjectIdentifier(input.layer)] = -1
        }
        layers = layerDepth.keys.sorted {
            let (d0, d1) = (layerDepth[$0]!, layerDepth[$1]!)
            return d0 != d1 ? d0 > d1 : layerIndex[$0, default: 0] < layerIndex[$1, default: 0]
        }.map { layerByID[$0]! }

        // Every node's inputs must be computable from the model inputs.
        var computable = inputSet
        var executed: [Node] = []
        for node in ordered {
            let accessed = executed.map(\.layer.name)
            if node.isInput {
                guard node.outputs.allSatisfy(inputSet.contains) else {
                    throw KerasError(.invalidArgument, "Graph disconnected: cannot obtain value for tensor \(node.outputs[0].name) at layer \"\(node.layer.name)\": it is not one of the model's inputs. The following layers were accessed without issue: \(accessed)")
                }
                continue
            }
            for x in node.dependencies where !computable.contains(x) {
                throw KerasError(.invalidArgument, "Graph disconnected: cannot obtain value for tensor \(x.name) at layer \"\(node.layer.name)\". The following layers were accessed without issue: \(accessed)")
            }
            executed.append(node)
            computable.formUnion(node.outputs)
        }
        nodes = executed

        var names: [String: Int] = [:]
        for layer in layers { names[layer.name, default: 0] += 1 }
        if let duplicate = names.first(where: { $0.value > 1 }) {
            throw KerasError(.invalidArgument, "The name \"\(duplicate.key)\" is used \(duplicate.value) times in the model. All layer names should be unique.")
        }
    }

    /// Runs the graph on concrete tensors (one per input, in order).
    func run(_ values: [Tensor], masks: [Tensor?]? = nil, training: Bool) throws -> [Tensor] {
        var tensors: [KerasTensor: Tensor] = [:]
        var tensorMasks: [KerasTensor: Tensor] = [:]
        for (i, (x, v)) in zip(inputs, values).enumerated() {
            tensors[x] = v
            if let mask = masks?[i] { tensorMasks[x] = mask }
        }
        for node in nodes {
            let args = node.inputs.map { tensors[$0]! }
            let argMasks = node.inputs.indices.map { i -> Tensor? in
                if i < node.explicitMasks.count, let m = node.explicitMasks[i] { return tensors[m] }
                return tensorMasks[node.inputs[i]]
            }
            let results = try node.layer.callEager(args, training: node.trainingOverride ?? training, mask: argMasks)
            let outMasks = try node.layer.computeMask(args, mask: argMasks)
            for (i, out) in node.outputs.enumerated() where i < results.count {
                tensors[out] = results[i]
                if i < outMasks.count, let m = outMasks[i] { tensorMasks[out] = m }
            }
        }
        return try outputs.map { x in
            guard let v = tensors[x] else {
                throw KerasError(.invalidArgument, "Output tensor \(x.name) was not computed")
            }
            return v
        }
    }

    /// Propagates shapes through the graph for new input shapes (for a model used as a layer).
    func outputShapes(for inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == inputs.count else {
            throw KerasError(.invalidArgument, "The model expects \(inputs.count) input(s), but it was called on \(inputShapes.count).")
        }
        var shapes: [KerasTensor: [Int?]] = [:]
        for (x, s) in zip(inputs, inputShapes) { shapes[x] = s }
        for node in nodes {
            let outs = try node.layer.computeOutputShapes(node.inputs.map { shapes[$0]! })
            for (out, s) in zip(node.outputs, outs) { shapes[out] = s }
        }
        return outputs.map { shapes[$0]! }
    }
}

extension Node {
    /// A `training` value fixed when the layer was called (`layer(x, training: true)`).
    var trainingOverride: Bool? { arguments["training"]?.boolValue }
}
