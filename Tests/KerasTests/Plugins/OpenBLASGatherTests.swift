import Testing
@testable import Keras

/// The OpenBLAS plugin's `gather` and `scatterAdd` (an Embedding's lookup and gradient) against
/// the reference backend, bit for bit: both move whole rows in the reference's order.
@Suite struct OpenBLASGatherTests {
    static let axes = [0, 1, 2]

    @Test(arguments: axes)
    func gatherAndScatterAddMatchReferenceExactly(_ axis: Int) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let shape = [4, 5, 3]
        // Repeated indices (2 three times, 0 twice) accumulate; a 2 × 3 index tensor.
        let indices32 = Tensor([2, 0, 2, 1, 2, 0] as [Int32], shape: [2, 3])
        let indices64 = K.cast(indices32, .int64)
        let bounded = [indices32, indices64].map { K.minimum($0, K.cast(Tensor(Double(shape[axis] - 1)), $0.dtype)) }
        for dtype in [DType.float32, .float64] {
            let table = randomTensor(shape, dtype: dtype, seed: 3 + UInt64(axis))
            for indices in bounded {
                let label = "axis \(axis), \(dtype), \(indices.dtype) indices"
                BackendComparison.expectAgreement(openblas, tolerance: 0, "gather \(label)") {
                    $0.gather(table, indices: indices, axis: axis)
                }
                let gatheredShape = Array(shape[..<axis]) + indices.shape + Array(shape[(axis + 1)...])
                let updates = randomTensor(gatheredShape, dtype: dtype, seed: 9 + UInt64(axis))
                BackendComparison.expectAgreement(openblas, tolerance: 0, "scatterAdd \(label)") {
                    $0.scatterAdd(updates, indices: indices, axis: axis, shape: shape)
                }
            }
        }
        #expect(openblas.usage.contains { $0.kernel == .gather && $0.native > 0 })
        #expect(openblas.usage.contains { $0.kernel == .scatterAdd && $0.native > 0 })
    }

    /// A worked example: rows 1 and 3 of a 4 × 2 table get their updates added, row 1 twice;
    /// the rows not indexed are zero.
    @Test func scatterAddWorkedExample() throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let updates = Tensor([1, 2, 10, 20, 100, 200] as [Float], shape: [3, 2])
        let out = openblas.scatterAdd(updates, indices: Tensor([1, 3, 1] as [Int32], shape: [3]), axis: 0, shape: [4, 2])
        #expect(out.shape == [4, 2])
        #expect(out.doubles == [0, 0, 101, 202, 0, 0, 10, 20])
    }

    /// An Embedding's gradient on OpenBLAS (the loss's full sum may fall back) runs the plugin's
    /// scatterAdd and is the reference's.
    @Test func embeddingGradientRunsNatively() throws {
        guard let openblas = BackendComparison.strictOpenBLAS()?.withFallback(.allow) else { return }
        let table = randomTensor([50, 8], dtype: .float32, seed: 21)
        let indices = Tensor((0..<24).map { Int32(($0 * 7) % 13) }, shape: [4, 6])
        let upstream = randomTensor([4, 6, 8], dtype: .float32, seed: 22)
        func gradient(_ backend: any Backend) -> Tensor {
            ActiveBackend.withBackend(backend) {
                let w = K.variable(table)
                return K.gradients(K.sum(K.multiply(K.gather(w.value, indices), upstream)), [w])[0]
            }
        }
        func nativeScatters() -> Int { openblas.usage.first { $0.kernel == .scatterAdd }?.native ?? 0 }
        let before = nativeScatters()
        let got = gradient(openblas)
        #expect(nativeScatters() > before)   // the counters are shared with tests running meanwhile
        #expect(got.shape == [50, 8])
        #expect(got.doubles == gradient(ReferenceBackend.shared).doubles)
    }
}
