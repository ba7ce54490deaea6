import CKerasABI
import Foundation

/// Shapes and JSON as they cross the ABI 1.2 boundary: `keras_shape` by value (`-1` for an
/// unknown dimension), and JSON objects as UTF-8 text.
enum PluginShapes {
    /// A `keras_shape` for `dims` (nil: unknown, `-1`) and `dtype`; throws past KERAS_MAX_RANK.
    static func make(_ dims: [Int?], dtype: DType) throws -> keras_shape {
        guard dims.count <= Int(KERAS_MAX_RANK) else {
            throw KerasError(.invalidArgument, "shape \(ShapeFormat.tuple(dims)) has rank \(dims.count); plugin layers take at most \(KERAS_MAX_RANK) axes")
        }
        var shape = keras_shape()
        shape.struct_size = UInt64(MemoryLayout<keras_shape>.size)
        shape.rank = Int32(dims.count)
        shape.dtype = dtype.abiCode
        withUnsafeMutableBytes(of: &shape.dims) { raw in
            let d = raw.bindMemory(to: Int64.self)
            for (i, v) in dims.enumerated() { d[i] = Int64(v ?? -1) }
        }
        return shape
    }

    /// The dimensions and dtype of a `keras_shape` a plugin wrote; `what` names it in errors.
    static func read(_ shape: keras_shape, _ what: String) throws -> (dims: [Int?], dtype: DType?) {
        guard shape.rank >= 0, shape.rank <= Int32(KERAS_MAX_RANK) else {
            throw KerasError(.plugin, "\(what): rank \(shape.rank) is outside 0...\(KERAS_MAX_RANK)")
        }
        var copy = shape
        let dims: [Int?] = withUnsafeBytes(of: &copy.dims) { raw in
            let d = raw.bindMemory(to: Int64.self)
            return (0..<Int(shape.rank)).map { d[$0] < 0 ? nil : Int(d[$0]) }
        }
        return (dims, DType(abiCode: shape.dtype))
    }

    /// Compact JSON text of `value` (keys sorted).
    static func json(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON object in `text`; `what` names it in errors.
    static func object(_ text: String, _ what: String) throws -> [String: JSONValue] {
        guard case .object(let object) = try JSONValue.parse(Data(text.utf8), source: what) else {
            throw KerasError(.plugin, "\(what): expected a JSON object, received \(text.prefix(200))")
        }
        return object
    }

    /// Takes a plugin-returned error and makes it a ``KerasError`` prefixed with `context`.
    static func error(_ error: UnsafeMutablePointer<keras_error>, _ context: String) -> KerasError {
        let (code, message) = PluginABI.consume(error)
        return KerasError(.plugin, "\(context): \(message) (\(PluginABI.statusName(code)))")
    }
}
