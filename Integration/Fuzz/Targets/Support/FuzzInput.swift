import Foundation
import Keras

/// What every fuzz target does with one input: hand it to a reader, accept a ``KerasError``
/// (bad input must be reported that way), and stop on anything else — another error type is a
/// finding, as is any crash, which libFuzzer and AddressSanitizer catch themselves.
public enum FuzzInput {
    /// The input as `Data`.
    public static func data(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Data {
        Data(bytes: bytes, count: size)
    }

    /// Writes the input to this process's scratch file (for readers that take a path) and
    /// returns the path; `suffix` gives the name a reader may look at (`.gz`, `.weights.h5`).
    public static func file(_ bytes: UnsafePointer<UInt8>, _ size: Int, suffix: String) -> String {
        let path = NSTemporaryDirectory() + "swiftkeras-fuzz-\(getpid())\(suffix)"
        FileManager.default.createFile(atPath: path, contents: data(bytes, size))
        return path
    }

    /// Runs `body`; a ``KerasError`` is the expected outcome for bad input.
    public static func expectingKerasErrors(_ body: () throws -> Void) -> CInt {
        do {
            try body()
        } catch is KerasError {
            return 0
        } catch {
            fatalError("a reader threw \(type(of: error)) instead of KerasError: \(error)")
        }
        return 0
    }
}
