/// Reverse-mode accumulation over the graph that tensors carry.
enum Backpropagation {
    /// Cotangents of `target` with respect to each of `sources` (graph nodes), seeded with
    /// `seed` (ones when nil: the gradient of `sum(target)`, as `tf.gradients` does).
    /// Sources that `target` does not depend on get nil.
    /// `ready(i, g)`, when given, is called as soon as source `i`'s cotangent `g` is final: when
    /// every node that consumes it has run its backward.
    static func gradients(of target: Tensor, seed: Tensor?, with sources: [GradNode?],
                          ready: ((Int, Tensor) -> Void)? = nil) -> [Tensor?] {
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

        // For `ready`: how many consumers of each wanted node have yet to run their backward.
        var waiting: [ObjectIdentifier: Int] = [:]
        var sourceIndices: [ObjectIdentifier: [Int]] = [:]
        if ready != nil {
            for (i, source) in sources.enumerated() { if let source { sourceIndices[ObjectIdentifier(source), default: []].append(i) } }
            for node in nodes {
                for case let parent? in node.parents where sourceIndices[ObjectIdentifier(parent)] != nil {
                    waiting[ObjectIdentifier(parent), default: 0] += 1
                }
            }
        }

        var cotangents: [ObjectIdentifier: Tensor] = [:]
        cotangents[ObjectIdentifier(root)] = seed?.detached ?? Tensor(shape: target.shape, repeating: 1, dtype: target.dtype)

        let profiler = StepProfiler.current
        GradientRecording.$isEnabled.withValue(false) {
            for node in nodes {
                let key = ObjectIdentifier(node)
                defer {
                    if let ready {
                        for case let parent? in node.parents {
                            let pkey = ObjectIdentifier(parent)
                            guard let count = waiting[pkey] else { continue }
                            waiting[pkey] = count - 1
                            if count == 1, let g = cotangents[pkey] { for i in sourceIndices[pkey] ?? [] { ready(i, g) } }
                        }
                    }
                }
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
