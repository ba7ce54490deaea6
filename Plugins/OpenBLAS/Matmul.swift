import KerasPluginKit

/// `matmul` and `linear` on `cblas_?gemm`.
///
/// Every operand is used where it lies: transposes are GEMM flags, a batch that one operand
/// broadcasts reuses that operand's matrix (stride 0), and a product whose right operand has no
/// batch (`x (B, T, K) · w (K, N)`, `K.dot` of an N-D tensor with a matrix) is one
/// `(B·T) × K · K × N` GEMM. Nothing is copied.
enum Matmul {
    static func run(_ a: TensorView, _ b: TensorView, _ transposeA: Bool, _ transposeB: Bool, _ out: TensorView) throws {
        switch a.dtype {
        case .float32: try multiply(a, b, transposeA, transposeB, out, as: Float.self)
        case .float64: try multiply(a, b, transposeA, transposeB, out, as: Double.self)
        default: throw KernelError.unimplemented("matmul of \(a.dtype.map(String.init(describing:)) ?? "unknown") tensors")
        }
    }

    private static func multiply<T: BLASScalar>(_ a: TensorView, _ b: TensorView, _ transposeA: Bool, _ transposeB: Bool,
                                                _ out: TensorView, as: T.Type) throws {
        let (ra, ca) = (a.dimension(a.rank - 2), a.dimension(a.rank - 1))
        let (rb, cb) = (b.dimension(b.rank - 2), b.dimension(b.rank - 1))
        let m = transposeA ? ca : ra, k = transposeA ? ra : ca
        let n = transposeB ? rb : cb
        try requireBLASSizes(m, n, k)
        let pa = a.pointer(as: T.self), pb = b.pointer(as: T.self), pc = out.pointer(as: T.self)
        guard out.count > 0 else { return }
        guard k > 0 else {
            pc.update(repeating: 0, count: out.count)
            return
        }
        let lda = ca, ldb = cb
        let batch = BatchLayout(a: a, b: b, out: out)
        if batch.bIsShared && !transposeA && batch.aIsFull {
            // The whole batch of a is one tall matrix.
            try requireBLASSizes(batch.count * m)
            T.gemm(transposeA: false, transposeB: transposeB, m: batch.count * m, n: n, k: k, alpha: 1,
                   a: pa, lda: lda, b: pb, ldb: ldb, beta: 0, c: pc, ldc: n)
            return
        }
        for index in 0..<batch.count {
            let (ia, ib) = batch.operands(index)
            T.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                   a: pa + ia * ra * ca, lda: lda, b: pb + ib * rb * cb, ldb: ldb,
                   beta: 0, c: pc + index * m * n, ldc: n)
        }
    }

    /// `x (…, K) · weight (K, N) + bias (N)`: the bias is copied into each output row and GEMM
    /// accumulates onto it (`beta = 1`), so the sum costs no extra pass.
    static func linear(_ x: TensorView, _ weight: TensorView, _ bias: TensorView?, _ out: TensorView) throws {
        switch x.dtype {
        case .float32: try linear(x, weight, bias, out, as: Float.self)
        case .float64: try linear(x, weight, bias, out, as: Double.self)
        default: throw KernelError.unimplemented("linear of \(x.dtype.map(String.init(describing:)) ?? "unknown") tensors")
        }
    }

    private static func linear<T: BLASScalar>(_ x: TensorView, _ weight: TensorView, _ bias: TensorView?,
                                              _ out: TensorView, as: T.Type) throws {
        let k = weight.dimension(0), n = weight.dimension(1)
        let rows = k == 0 ? out.count / max(n, 1) : x.count / k
        try requireBLASSizes(rows, n, k)
        let pc = out.pointer(as: T.self)
        guard out.count > 0 else { return }
        if let bias {
            guard bias.count == n else { throw KernelError.unimplemented("bias of \(bias.count) elements for \(n) units") }
            let pb = bias.pointer(as: T.self)
            for row in 0..<rows { (pc + row * n).update(from: pb, count: n) }
        }
        guard k > 0 else {
            if bias == nil { pc.update(repeating: 0, count: out.count) }
            return
        }
        if rows == 1 {
            // One sample (a prediction): GEMV, which OpenBLAS's GEMM does not switch to, on one thread.
            let (w, v) = (weight.pointer(as: T.self), x.pointer(as: T.self))
            return PluginThreads.onOneThread {
                T.gemv(transpose: true, m: k, n: n, alpha: 1, a: w, lda: n, x: v, beta: bias == nil ? 0 : 1, y: pc)
            }
        }
        T.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: k, alpha: 1,
               a: x.pointer(as: T.self), lda: k, b: weight.pointer(as: T.self), ldb: n,
               beta: bias == nil ? 0 : 1, c: pc, ldc: n)
    }
}

/// The broadcast batch of a matmul: which matrix of `a` and of `b` each output matrix uses.
struct BatchLayout {
    /// Number of output matrices.
    let count: Int
    private let outBatch: [Int]
    private let aStrides: [Int], bStrides: [Int]
    /// `b` has a single matrix (no batch, or a batch of ones).
    let bIsShared: Bool
    /// `a` has one matrix per output matrix, in order (no broadcasting of `a`).
    let aIsFull: Bool

    init(a: TensorView, b: TensorView, out: TensorView) {
        let rank = out.rank - 2
        outBatch = (0..<rank).map(out.dimension)
        count = outBatch.reduce(1, *)
        aStrides = Self.strides(a, batchRank: rank)
        bStrides = Self.strides(b, batchRank: rank)
        bIsShared = (0..<max(0, b.rank - 2)).allSatisfy { b.dimension($0) == 1 }
        let aBatch = (0..<max(0, a.rank - 2)).reduce(1) { $0 * a.dimension($1) }
        aIsFull = aBatch == count
    }

    /// Matrix strides of an operand's batch axes aligned to the output's; 0 where it broadcasts.
    private static func strides(_ t: TensorView, batchRank: Int) -> [Int] {
        let own = t.rank - 2
        var strides = [Int](repeating: 0, count: batchRank)
        var running = 1
        for axis in stride(from: own - 1, through: 0, by: -1) {
            let d = t.dimension(axis)
            strides[batchRank - own + axis] = d == 1 ? 0 : running
            running *= d
        }
        return strides
    }

    /// The matrix indices of `a` and `b` for output matrix `index`.
    func operands(_ index: Int) -> (Int, Int) {
        var rest = index, ia = 0, ib = 0
        for axis in stride(from: outBatch.count - 1, through: 0, by: -1) {
            let i = rest % outBatch[axis]
            rest /= outBatch[axis]
            ia += i * aStrides[axis]
            ib += i * bStrides[axis]
        }
        return (ia, ib)
    }
}
