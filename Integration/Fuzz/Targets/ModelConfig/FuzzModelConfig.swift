import FuzzSupport
import Keras

/// The model-config reader (`Model.fromJSON`): any text gives a model or a `KerasError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelConfig(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: size), as: UTF8.self)
    return FuzzInput.expectingKerasErrors { _ = try Model.fromJSON(text) }
}
