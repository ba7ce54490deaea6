import KerasPluginKit

/// Float arithmetic with the broadcasting patterns that dominate training — equal shapes, a
/// scalar operand, and a row operand (a bias: one operand's shape is a suffix of the other's) —
/// in vectorisable loops split over the plugin's threads. Other patterns are declined.
enum Elementwise {
    /// Whether this kernel runs `op` (a switch: `supports` asks on every call).
    @inline(__always)
    static func runs(_ op: BinaryOp) -> Bool {
        switch op {
        case .add, .subtract, .multiply, .divide, .maximum, .minimum: true
        default: false
        }
    }

    /// How the operands line up with the output.
    enum Pattern {
        case equal
        case scalarA, scalarB
        /// `b` repeats along the rows of `a` (its count divides the output's).
        case rowB(Int)
        case rowA(Int)
    }

    /// The broadcasting pattern of `a op b → out`, or `nil` for one this kernel does not run.
    static func pattern(_ a: TensorView, _ b: TensorView, _ out: TensorView) -> Pattern? {
        let n = out.count
        if a.count == n && b.count == n { return .equal }
        if b.count == 1 && a.count == n { return .scalarB }
        if a.count == 1 && b.count == n { return .scalarA }
        if a.count == n && isSuffix(b, of: out) { return .rowB(b.count) }
        if b.count == n && isSuffix(a, of: out) { return .rowA(a.count) }
        return nil
    }

    /// Whether `t`'s shape, without its leading ones, is a suffix of `out`'s.
    private static func isSuffix(_ t: TensorView, of out: TensorView) -> Bool {
        var first = 0
        while first < t.rank && t.dimension(first) == 1 { first += 1 }
        let own = (first..<t.rank).map(t.dimension)
        guard t.count > 0, own.count <= out.rank else { return false }
        return own == (out.rank - own.count..<out.rank).map(out.dimension)
    }

    static func binary(_ op: BinaryOp, _ a: TensorView, _ b: TensorView, _ out: TensorView) throws {
        guard runs(op), let pattern = pattern(a, b, out) else {
            throw KernelError.unimplemented("\(op) with shapes \(a.shape) and \(b.shape)")
        }
        switch a.dtype {
        case .float32: apply(op, pattern, a.pointer(as: Float.self), b.pointer(as: Float.self), out.pointer(as: Float.self), out.count)
        case .float64: apply(op, pattern, a.pointer(as: Double.self), b.pointer(as: Double.self), out.pointer(as: Double.self), out.count)
        default: throw KernelError.unimplemented("\(op) of \(String(describing: a.dtype)) tensors")
        }
    }

    private static func apply<T: BinaryFloatingPoint>(_ op: BinaryOp, _ pattern: Pattern, _ a: UnsafePointer<T>,
                                                      _ b: UnsafePointer<T>, _ c: UnsafeMutablePointer<T>, _ n: Int) {
        switch op {
        case .add: map(pattern, a, b, c, n) { $0 + $1 }
        case .subtract: map(pattern, a, b, c, n) { $0 - $1 }
        case .multiply: map(pattern, a, b, c, n) { $0 * $1 }
        case .divide: map(pattern, a, b, c, n) { $0 / $1 }
        // NaN wins, as in the reference backend and TensorFlow.
        case .maximum: map(pattern, a, b, c, n) { u, v in u >= v || u.isNaN ? u : v }
        case .minimum: map(pattern, a, b, c, n) { u, v in u <= v || u.isNaN ? u : v }
        default: break
        }
    }

    @inline(__always)
    private static func map<T>(_ pattern: Pattern, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
                               _ c: UnsafeMutablePointer<T>, _ n: Int, _ f: (T, T) -> T) {
        nonisolated(unsafe) let (a, b, c) = (a, b, c)
        switch pattern {
        case .equal:
            PluginThreads.forEachChunk(n, minimumChunk: 1 << 15) { r in for i in r { c[i] = f(a[i], b[i]) } }
        case .scalarB:
            let s = b[0]
            PluginThreads.forEachChunk(n, minimumChunk: 1 << 15) { r in for i in r { c[i] = f(a[i], s) } }
        case .scalarA:
            let s = a[0]
            PluginThreads.forEachChunk(n, minimumChunk: 1 << 15) { r in for i in r { c[i] = f(s, b[i]) } }
        case .rowB(let width):
            PluginThreads.forEachChunk(n / width, minimumChunk: max(1, (1 << 15) / width)) { rows in
                for row in rows {
                    let (x, z) = (a + row * width, c + row * width)
                    for j in 0..<width { z[j] = f(x[j], b[j]) }
                }
            }
        case .rowA(let width):
            PluginThreads.forEachChunk(n / width, minimumChunk: max(1, (1 << 15) / width)) { rows in
                for row in rows {
                    let (y, z) = (b + row * width, c + row * width)
                    for j in 0..<width { z[j] = f(a[j], y[j]) }
                }
            }
        }
    }
}
