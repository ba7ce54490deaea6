import Testing
@testable import Keras

/// Builds `layer` on `x`, sets `weights` (in `getWeights()` order) and returns its output on `x`.
func outputWithWeights(_ layer: Layer, _ x: Tensor, _ weights: [Tensor]) throws -> Tensor {
    _ = try layer(x)
    try layer.setWeights(weights)
    return try layer(x)
}
