import FuzzSupport
import Keras

/// The `keras.json` reader: any bytes give settings or problems, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKerasJSON(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = KerasJSONFile.parse(FuzzInput.data(bytes, size), path: "keras.json")
    _ = file.problems.count
    return 0
}
