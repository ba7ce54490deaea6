import Testing
@testable import Keras

extension BackendComparison {
    /// The `onednn` backend in strict mode (fallback: error), or `nil` with a recorded issue
    /// when the plugin is not built.
    static func strictOneDNN(sourceLocation: SourceLocation = #_sourceLocation) -> PluginBackend? {
        guard PluginFixtures.built("KerasOneDNN", sourceLocation: sourceLocation) != nil else { return nil }
        do {
            return try #require(try BackendRegistry.backend(named: "onednn", fallback: .error) as? PluginBackend,
                                sourceLocation: sourceLocation)
        } catch {
            Issue.record("onednn backend: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

extension BackendComparison {
    /// The `onednn` backend with fallback allowed: for computations (gradients, layers) that
    /// mix claimed kernels with ones the plugin leaves to the reference backend.
    static func lenientOneDNN(sourceLocation: SourceLocation = #_sourceLocation) -> PluginBackend? {
        strictOneDNN(sourceLocation: sourceLocation)?.withFallback(.allow)
    }

    /// The gradients of `f` (summed) with respect to each of `inputs`, computed on `backend`.
    static func gradients(on backend: any Backend, of inputs: [Tensor], _ f: ([Tensor]) -> Tensor) -> [Tensor] {
        ActiveBackend.withBackend(backend) {
            let tape = GradientTape()
            let watched = inputs.map { tape.watch($0) }
            return tape.gradient(f(watched), watched)
        }
    }
}
