import FuzzSupport
import Keras

/// The `.keras` archive reader (`loadModel`: zip, config.json, metadata.json, model.weights.h5,
/// compile_config and optimizer variables): any bytes give a model or a `KerasError`. Seeds:
/// the Keras 3.15.1 fixtures of Integration/KerasInterop/Fixtures.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKerasArchive(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzInput.file(bytes, size, suffix: ".keras")
    return FuzzInput.expectingKerasErrors { _ = try loadModel(path) }
}
