import Testing
import Keras
@testable import KerasCore

/// The reference matmul against a naive triple loop, on odd sizes that exercise the direct path,
/// the packed path with edge tiles, every transpose combination and batch broadcasting.
@Suite struct ReferenceMatmulTests {
    let backend = ReferenceBackend.shared

    @Test func twoByTwoWorkedExample() {
        let a = Tensor([[1, 2], [3, 4]])
        let b = Tensor([[5, 6], [7, 8]])
        let c = backend.matmul(a, b, transposeA: false, transposeB: false)
        #expect(c.shape == [2, 2])
        #expect(c.doubles == [19, 22, 43, 50])
        let ct = backend.matmul(a, b, transposeA: true, transposeB: true)
        // aᵀ = [[1, 3], [2, 4]], bᵀ = [[5, 7], [6, 8]]
        #expect(ct.doubles == [23, 31, 34, 46])
    }

    @Test(arguments: [(1, 1, 1), (7, 13, 5), (65, 33, 129), (150, 41, 300), (3, 200, 70), (1, 37, 300), (45, 1, 300)])
    func matchesNaiveLoopForEveryTransposeInFloat64(m: Int, n: Int, k: Int) {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = randomTensor(ta ? [k, m] : [m, k], seed: UInt64(m * 31 + k))
            let b = randomTensor(tb ? [n, k] : [k, n], seed: UInt64(n * 17 + k))
            let c = backend.matmul(a, b, transposeA: ta, transposeB: tb)
            #expect(c.shape == [m, n])
            expectMatchesReference(c.doubles, naiveMatmul(a, b, ta, tb), tolerance: 1e-12, "\(m)×\(n)×\(k) tA=\(ta) tB=\(tb)")
        }
    }

    @Test(arguments: [(7, 13, 5), (65, 33, 129), (150, 41, 300), (1, 70, 90), (90, 1, 70)])
    func matchesNaiveLoopForEveryTransposeInFloat32(m: Int, n: Int, k: Int) {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = randomTensor(ta ? [k, m] : [m, k], dtype: .float32, seed: 3)
            let b = randomTensor(tb ? [n, k] : [k, n], dtype: .float32, seed: 4)
            let c = backend.matmul(a, b, transposeA: ta, transposeB: tb)
            #expect(c.dtype == .float32)
            expectMatchesReference(c.doubles, naiveMatmul(a, b, ta, tb), tolerance: 1e-4, "\(m)×\(n)×\(k) tA=\(ta) tB=\(tb)")
        }
    }

    @Test func batchTimesMatrixBroadcastsTheMatrix() {
        let a = randomTensor([2, 3, 4, 5], seed: 5)
        let b = randomTensor([5, 6], seed: 6)
        let c = backend.matmul(a, b, transposeA: false, transposeB: false)
        #expect(c.shape == [2, 3, 4, 6])
        expectMatchesReference(c.doubles, naiveBatchedMatmul(a, b, false, false, batch: [2, 3]), tolerance: 1e-12, "folded batch")
    }

    @Test func leadingDimensionsBroadcastBothWays() {
        let a = randomTensor([2, 1, 4, 5], seed: 7)
        let b = randomTensor([3, 6, 5], seed: 8)
        let c = backend.matmul(a, b, transposeA: false, transposeB: true)
        #expect(c.shape == [2, 3, 4, 6])
        expectMatchesReference(c.doubles, naiveBatchedMatmul(a, b, false, true, batch: [2, 3]), tolerance: 1e-12, "broadcast batch")

        let at = randomTensor([4, 40, 30], seed: 9)
        let bt = randomTensor([1, 40, 50], seed: 10)
        let ct = backend.matmul(at, bt, transposeA: true, transposeB: false)
        #expect(ct.shape == [4, 30, 50])
        expectMatchesReference(ct.doubles, naiveBatchedMatmul(at, bt, true, false, batch: [4]), tolerance: 1e-12, "transposed batch")
    }

    @Test func emptyInnerDimensionGivesZeros() {
        let a = Tensor(shape: [3, 0], dtype: .float64)
        let b = Tensor(shape: [0, 2], dtype: .float64)
        let c = backend.matmul(a, b, transposeA: false, transposeB: false)
        #expect(c.shape == [3, 2])
        #expect(c.doubles == [0, 0, 0, 0, 0, 0])
    }

    @Test(arguments: [(3, 4), (5, 1), (1, 4)])
    func gemmAccumulatesIntoStridedOutput(m: Int, n: Int) {
        // C is an m × n window (ldc 6) of a larger buffer; the product is added to it.
        let k = 200
        let a = randomTensor([m, k], seed: 11).scalars(as: Double.self)
        let b = randomTensor([k, n], seed: 12).scalars(as: Double.self)
        var c = [Double](repeating: 1, count: m * 6)
        GEMM.multiply(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n,
                      c: &c, ldc: 6, accumulate: true, parallel: true)
        for i in 0..<m {
            for j in 0..<6 {
                var expected = 1.0
                if j < n { for p in 0..<k { expected += a[i * k + p] * b[p * n + j] } }
                #expect(abs(c[i * 6 + j] - expected) < 1e-12, "c[\(i), \(j)]")
            }
        }
    }
}

/// `op(a) · op(b)` for rank-2 tensors, by the textbook loop in `Double`.
private func naiveMatmul(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool) -> [Double] {
    naiveBatchedMatmul(a, b, ta, tb, batch: [])
}

/// The batched product with numpy broadcasting of the leading dimensions, by index arithmetic.
private func naiveBatchedMatmul(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool, batch: [Int]) -> [Double] {
    let (ra, ca) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let (rb, cb) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
    let m = ta ? ca : ra, k = ta ? ra : ca, n = tb ? rb : cb
    let aBatch = Array(a.shape.dropLast(2)), bBatch = Array(b.shape.dropLast(2))
    let batchCount = batch.reduce(1, *)
    let av = a.doubles, bv = b.doubles
    var out = [Double]()
    for index in 0..<batchCount {
        // Coordinates of `index` in `batch`, mapped to each operand (size-1 axes repeat).
        var coordinates = [Int](repeating: 0, count: batch.count)
        var rest = index
        for axis in stride(from: batch.count - 1, through: 0, by: -1) {
            coordinates[axis] = rest % batch[axis]
            rest /= batch[axis]
        }
        func matrixIndex(_ shape: [Int]) -> Int {
            var flat = 0
            for (i, size) in shape.enumerated() {
                let coordinate = coordinates[batch.count - shape.count + i]
                flat = flat * size + (size == 1 ? 0 : coordinate)
            }
            return flat
        }
        let aBase = matrixIndex(aBatch) * m * k, bBase = matrixIndex(bBatch) * k * n
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = av[aBase + (ta ? p * m + i : i * k + p)]
                    let y = bv[bBase + (tb ? j * k + p : p * n + j)]
                    sum += x * y
                }
                out.append(sum)
            }
        }
    }
    return out
}

/// Element-wise closeness with a relative-and-absolute tolerance.
private func expectMatchesReference(_ got: [Double], _ expected: [Double], tolerance: Double, _ label: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == expected.count, "\(label): \(got.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (i, (g, e)) in zip(got, expected).enumerated() where abs(g - e) > tolerance * (1 + abs(e)) {
        Issue.record("\(label): element \(i) is \(g), expected \(e)", sourceLocation: sourceLocation)
        return
    }
}
