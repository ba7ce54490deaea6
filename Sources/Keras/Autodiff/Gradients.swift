/// Reverse-mode accumulation over the graph that tensors carry.
enum Backpropagation {
    /// Cotangents of `target` with respect to each of `sources` (graph nodes), seeded with
    /// `seed` (ones when nil: the gradient of `sum(target)`, as `tf.gradients` does).
    /// Sources that `target` does not depend on get nil.
    static func gradients(of target: Tensor, seed: Tensor?, with sources: [GradNode?]) -> [Tensor?] {
        guard let root = target.gradNode else { return sources.map { _ in nil } }
        let wanted = Set(sources.compactMap { $0.map(ObjectIdentifier.init) })

        // Collect every node reachable from the root.
        var nodes: [GradNode] = []
        var seen: Set<ObjectIdentifier> = []
        var stack = [root]
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            nodes.append(node)
            for case let parent? in node.parents { stack.append(parent) }
        }
        nodes.sort { $0.id > $1.id }

        var cotangents: [ObjectIdentifier: Tensor] = [:]
        cotangents[ObjectIdentifier(root)] = seed?.detached ?? Tensor(shape: target.shape, repeating: 1, dtype: target.dtype)

        let profiler = StepProfiler.current
        GradientRecording.$isEnabled.withValue(false) {
            for node in nodes {
                let key = ObjectIdentifier(node)
                guard let backward = node.backward, let cotangent = cotangents[key] else { continue }
                if !wanted.contains(key) { cotangents[key] = nil }  // free what no one asked for
                let inputCotangents = profiler.map { $0.layer(node.layer, backward: true) { backward(cotangent) } }
                    ?? backward(cotangent)
                precondition(inputCotangents.count == node.parents.count,
                             "autodiff: backward returned \(inputCotangents.count) cotangents for \(node.parents.count) inputs")
                for (parent, grad) in zip(node.parents, inputCotangents) {
                    guard let parent, let grad else { continue }
                    let pkey = ObjectIdentifier(parent)
                    precondition(grad.shape == parent.shape,
                                 "autodiff: cotangent of shape \(grad.shape) for an input of shape \(parent.shape)")
                    if let existing = cotangents[pkey] {
                        cotangents[pkey] = K.backend.binary(.add, existing, grad)
                    } else {
                        cotangents[pkey] = grad
                    }
                }
            }
        }
        return sources.map { node in node.flatMap { cotangents[ObjectIdentifier($0)] } }
    }
}
