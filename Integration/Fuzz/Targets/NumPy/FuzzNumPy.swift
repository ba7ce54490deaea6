import FuzzSupport
import Keras

/// The NumPy readers (`Tensor(npy:)`, and `Tensor.arrays(npz:)` for inputs that start like a
/// zip): any bytes give arrays or a `KerasError`. Seeds: Tests/Fixtures/NumPy.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumPy(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if size >= 2 && bytes[0] == 0x50 && bytes[1] == 0x4B {  // "PK": a zip, read as .npz
        let path = FuzzInput.file(bytes, size, suffix: ".npz")
        return FuzzInput.expectingKerasErrors { _ = try Tensor.arrays(npz: path) }
    }
    let path = FuzzInput.file(bytes, size, suffix: ".npy")
    return FuzzInput.expectingKerasErrors { _ = try Tensor(npy: path) }
}
