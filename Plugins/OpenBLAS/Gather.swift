import Glibc
import KerasPluginKit

/// `gather` (an Embedding's lookup) and its adjoint `scatterAdd` (the Embedding's gradient) on
/// float tensors: rows of `inner` elements copied or added, in the reference backend's order
/// (repeated indices accumulate first to last), so results are the reference's bit for bit.
/// The scatter writes its output once: one zero fill, then one add per gathered row — a
/// 10000 × 128 table's gradient from 32 × 80 indices touches 5 MB once and 2560 rows.
/// Other dtypes are declined.
enum Gather {
    static func gather(_ x: TensorView, _ indices: TensorView, _ axis: Int, _ out: TensorView) throws {
        let layout = try Layout(table: x.shape, indices: indices, axis: axis, rows: out)
        let rows = try validated(indices, bound: layout.length)
        let bytes = try elementBytes(x)
        let src = x.rawPointer, dst = out.rawPointer
        let rowBytes = layout.inner * bytes
        for o in 0..<layout.outer {
            for (k, row) in rows.enumerated() {
                (dst + ((o * rows.count + k) * rowBytes)).copyMemory(from: src + (o * layout.length + row) * rowBytes, byteCount: rowBytes)
            }
        }
    }

    static func scatterAdd(_ updates: TensorView, _ indices: TensorView, _ axis: Int, _ out: TensorView) throws {
        let layout = try Layout(table: out.shape, indices: indices, axis: axis, rows: updates)
        let rows = try validated(indices, bound: layout.length)
        switch updates.dtype {
        case .float32: add(updates.pointer(as: Float.self), rows, layout, into: out.pointer(as: Float.self))
        case .float64: add(updates.pointer(as: Double.self), rows, layout, into: out.pointer(as: Double.self))
        default: throw KernelError.unimplemented("scatterAdd of \(String(describing: updates.dtype)) updates")
        }
    }

    /// The table seen as `outer × length × inner` around `axis`; `rows` (the gathered tensor)
    /// must be `outer × indices.count × inner`.
    private struct Layout {
        let outer, length, inner: Int

        init(table: [Int], indices: TensorView, axis: Int, rows: TensorView) throws {
            guard axis >= 0, axis < table.count else {
                throw KernelError.invalidArgument("axis \(axis) is out of range for shape \(table)")
            }
            outer = table[..<axis].reduce(1, *)
            length = table[axis]
            inner = table[(axis + 1)...].reduce(1, *)
            let expected = Array(table[..<axis]) + indices.shape + Array(table[(axis + 1)...])
            guard rows.shape == expected else {
                throw KernelError.invalidArgument("gathered shape \(rows.shape) does not match indices \(indices.shape) on axis \(axis) of \(table) (expected \(expected))")
            }
        }
    }

    /// The indices as `Int`s, each checked to lie in `0..<bound`.
    private static func validated(_ indices: TensorView, bound: Int) throws -> [Int] {
        let values: [Int]
        switch indices.dtype {
        case .int32: values = UnsafeBufferPointer(start: indices.pointer(as: Int32.self), count: indices.count).map { Int($0) }
        case .int64: values = UnsafeBufferPointer(start: indices.pointer(as: Int64.self), count: indices.count).map { Int($0) }
        default: throw KernelError.unimplemented("indices of \(String(describing: indices.dtype))")
        }
        if let bad = values.first(where: { $0 < 0 || $0 >= bound }) {
            throw KernelError.invalidArgument("index \(bad) is out of range 0..<\(bound)")
        }
        return values
    }

    private static func elementBytes(_ x: TensorView) throws -> Int {
        switch x.dtype {
        case .float32: return 4
        case .float64: return 8
        default: throw KernelError.unimplemented("gather of \(String(describing: x.dtype)) tensors")
        }
    }

    private static func add<T: BLASScalar>(_ src: UnsafePointer<T>, _ rows: [Int], _ layout: Layout,
                                           into dst: UnsafeMutablePointer<T>) {
        let (outer, length, inner, count) = (layout.outer, layout.length, layout.inner, rows.count)
        memset(dst, 0, outer * length * inner * MemoryLayout<T>.stride)
        for o in 0..<outer {
            for k in 0..<count {
                let from = src + (o * count + k) * inner
                let to = dst + (o * length + rows[k]) * inner
                for j in 0..<inner { to[j] += from[j] }
            }
        }
    }
}
