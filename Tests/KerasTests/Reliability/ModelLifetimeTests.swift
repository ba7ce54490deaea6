import Testing
@testable import Keras

/// A model nobody uses any more should be freed with its weights and optimizer slots.
///
/// Known issue, found by LeakSanitizer (docs/sanitizers.md): the layer graph holds reference
/// cycles (a layer keeps its nodes, a node its layer and its output tensors, a tensor its node),
/// so every model lives until the process ends. Training itself leaks nothing per step (the
/// same 171 blocks after 125 and after 1000 steps). When the cycle is broken this test starts
/// passing and `withKnownIssue` reports it, so the marker must then be removed.
@Suite("Model lifetime")
struct ModelLifetimeTests {
    @Test func aModelNoLongerUsedIsFreed() throws {
        weak var model: Model?
        weak var layer: Layer?
        do {
            let m = try Sequential([Dense(3, activation: .relu, inputDim: 4), Dense(2)])
            try m.compile(optimizer: RMSprop(), loss: "mse")
            _ = try m.fit(Tensor(shape: [8, 4], repeating: 0.5, dtype: .float32),
                          Tensor(shape: [8, 2], repeating: 0.1, dtype: .float32), epochs: 1, verbose: 0)
            model = m
            layer = m.layers.first
        }
        withKnownIssue("reference cycles in the layer graph keep every model alive (Layer ↔ Node ↔ KerasTensor)") {
            #expect(model == nil)
            #expect(layer == nil)
        }
    }
}
