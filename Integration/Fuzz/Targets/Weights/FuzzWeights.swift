import FuzzSupport
import Keras

/// The weights reader (HDF5, Keras 3 `.weights.h5` and Keras 2 `.h5` layouts), into the model
/// of the seed files (Tests/Fixtures/Weights: Dense(3, tanh) → Dropout → Dense(2) on 4 inputs):
/// any bytes load or give a `KerasError`.
nonisolated(unsafe) private let model: Model = try! Sequential(
    [Dense(3, activation: .tanh, inputDim: 4), Dropout(0.1), Dense(2)], name: "fuzz")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWeights(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzInput.file(bytes, size, suffix: ".weights.h5")
    return FuzzInput.expectingKerasErrors { try model.loadWeights(from: path) }
}
