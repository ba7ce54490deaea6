import KerasCore
/// Reading and comparing the tensors of golden files (`{"dtype", "shape", "data"}`, see
/// SCHEMA.md in the cases folder).
public enum GoldenTensor {
    /// Decodes a golden tensor; `context` names the case and field in errors.
    public static func decode(_ json: JSONValue, context: String) throws -> Tensor {
        guard let dtypeName = json["dtype"]?.stringValue, let dtype = DType(rawValue: dtypeName) else {
            throw KerasError(.io, "\(context): expected a tensor with a known \"dtype\", received \(json["dtype"].map { "\($0)" } ?? "none")")
        }
        guard let shapeValues = json["shape"]?.arrayValue else {
            throw KerasError(.io, "\(context): tensor without a \"shape\" list")
        }
        let shape = try shapeValues.map { v -> Int in
            guard let d = v.intValue, d >= 0 else { throw KerasError(.io, "\(context): invalid dimension \(v) in shape") }
            return d
        }
        guard let data = json["data"]?.arrayValue else {
            throw KerasError(.io, "\(context): tensor without a \"data\" list")
        }
        let count = shape.reduce(1, *)
        guard data.count == count else {
            throw KerasError(.io, "\(context): shape \(shape) needs \(count) values, \"data\" has \(data.count)")
        }
        let values = try data.map { v -> Double in
            switch v {
            case .number(let d): return d
            case .bool(let b): return b ? 1 : 0
            case .string("nan"): return .nan
            case .string("inf"): return .infinity
            case .string("-inf"): return -.infinity
            default: throw KerasError(.io, "\(context): unexpected value \(v) in \"data\"")
            }
        }
        if dtype == .int64 {
            // Doubles hold int64 golden values exactly up to 2^53, which covers every case.
            return Tensor(values.map { Int64($0) }, shape: shape)
        }
        return Tensor(values, shape: shape, dtype: dtype)
    }

    /// Why `got` does not match `want` within the tolerance, or nil when it does.
    ///
    /// Shapes and dtypes must match exactly; integers and bools exactly; floats when
    /// `|got − want| ≤ atol + rtol·|want|`, NaN against NaN and ±inf against the same inf.
    public static func mismatch(_ got: Tensor, _ want: Tensor, rtol: Double, atol: Double) -> String? {
        if got.dtype != want.dtype { return "dtype \(got.dtype), expected \(want.dtype)" }
        if got.shape != want.shape { return "shape \(got.shape), expected \(want.shape)" }
        let exact = !want.dtype.isFloatingPoint
        var worst: (index: Int, got: Double, want: Double, excess: Double)?
        for i in 0..<want.count {
            let g = got.element(i), w = want.element(i)
            let bad: Bool
            var excess = 0.0
            if exact { bad = g != w }
            else if w.isNaN { bad = !g.isNaN }
            else if w.isInfinite { bad = g != w }
            else if !g.isFinite { bad = true; excess = .infinity }
            else {
                excess = abs(g - w) - (atol + rtol * abs(w))
                bad = excess > 0
            }
            if bad && (worst == nil || excess > worst!.excess) { worst = (i, g, w, excess) }
        }
        guard let worst else { return nil }
        let index = unravel(worst.index, shape: want.shape)
        return "element \(index) is \(worst.got), expected \(worst.want) (rtol \(rtol), atol \(atol))"
    }

    private static func unravel(_ flat: Int, shape: [Int]) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
