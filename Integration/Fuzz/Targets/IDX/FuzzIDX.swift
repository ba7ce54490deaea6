import FuzzSupport
import Keras

/// The IDX reader through zlib (plain or gzip-compressed files): any bytes give a tensor or a
/// `KerasError` — no allocation sized by a garbage header, no crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzInput.file(bytes, size, suffix: ".idx.gz")
    return FuzzInput.expectingKerasErrors { _ = try IDXFile.read(path) }
}
