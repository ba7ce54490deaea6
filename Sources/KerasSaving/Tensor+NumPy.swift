import KerasCore
import Foundation

extension Tensor {
    /// Reads a NumPy `.npy` file (`numpy.save`'s format): `float32`, `float64`, `int32`,
    /// `int64`, `uint8` or `bool` elements, either byte order, C or Fortran order.
    ///
    /// ```swift
    /// let x = try Tensor(npy: "x.npy")        // Keras/NumPy: x = np.load("x.npy")
    /// ```
    ///
    /// A file that is not `.npy`, has another dtype (`float16`, strings, structured types), or
    /// whose header declares more or fewer bytes than the file holds throws a ``KerasError``
    /// naming the file.
    public init(npy path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw KerasError(.io, "\(path): cannot read the file (\(error.localizedDescription))")
        }
        self = try NumPyFormat.decode(data, source: path)
    }

    /// Writes the tensor as a NumPy `.npy` file (format 1.0, little-endian, C order), atomically:
    /// `numpy.load` reads it back with the same dtype and shape.
    ///
    /// ```swift
    /// try predictions.save(npy: "y.npy")      // NumPy: np.save("y.npy", y)
    /// ```
    public func save(npy path: String) throws {
        let data = NumPyFormat.encode(self)
        try AtomicFile.write(to: path) { temporary in
            do {
                try data.write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw KerasError(.io, "\(path): cannot write the file (\(error.localizedDescription))")
            }
        }
    }

    /// The arrays of a NumPy `.npz` archive (`numpy.savez` / `savez_compressed`), keyed by name
    /// without the `.npy` suffix.
    ///
    /// ```swift
    /// let arrays = try Tensor.arrays(npz: "inputs.npz")   // NumPy: dict(np.load("inputs.npz"))
    /// let tokens = arrays["tokens"]!
    /// ```
    ///
    /// A member that is not a valid `.npy` throws naming the archive and the member.
    public static func arrays(npz path: String) throws -> [String: Tensor] {
        var arrays: [String: Tensor] = [:]
        for (name, data) in try ZipArchive.read(path) {
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            arrays[key] = try NumPyFormat.decode(data, source: "\(path): member \(name)")
        }
        return arrays
    }

    /// Writes `arrays` as a NumPy `.npz` archive (as `numpy.savez`, or
    /// `numpy.savez_compressed` when `compressed`), atomically; `np.load` reads it as a dict.
    ///
    /// ```swift
    /// try Tensor.save(npz: "outputs.npz", ["logits": y, "probs": p])  // np.savez(...)
    /// ```
    public static func save(npz path: String, _ arrays: [String: Tensor], compressed: Bool = false) throws {
        let members = arrays.keys.sorted().map { (name: $0 + ".npy", data: NumPyFormat.encode(arrays[$0]!)) }
        try ZipArchive.write(members, to: path, compress: compressed)
    }
}
