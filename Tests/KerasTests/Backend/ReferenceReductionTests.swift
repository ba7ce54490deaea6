import Testing
import Keras
@testable import KerasCore

/// Reduce, argReduce and cumulative kernels of the reference backend on hand-computed values,
/// and against a naive implementation on random data for every axis combination.
@Suite struct ReferenceReductionTests {
    let backend = ReferenceBackend.shared

    /// x[i, j, k] = 100 i + 10 j + k, shape [2, 3, 4].
    let cube = indexCube(dtype: .float32)

    @Test func sumOverEachAxisWithAndWithoutKeepDims() {
        let rows = backend.reduce(.sum, cube, axes: [2], keepDims: false)
        #expect(rows.shape == [2, 3] && rows.doubles == [6, 46, 86, 406, 446, 486])
        let middle = backend.reduce(.sum, cube, axes: [1], keepDims: true)
        #expect(middle.shape == [2, 1, 4] && middle.doubles == [30, 33, 36, 39, 330, 333, 336, 339])
        let first = backend.reduce(.sum, cube, axes: [0], keepDims: false)
        #expect(first.shape == [3, 4] && first.doubles[0] == 100 && first.doubles[11] == 2 * 23 + 100)
    }

    @Test func reduceOverSeveralAxes() {
        let outer = backend.reduce(.max, cube, axes: [0, 2], keepDims: true)
        #expect(outer.shape == [1, 3, 1] && outer.doubles == [103, 113, 123])
        let all = backend.reduce(.min, cube, axes: [0, 1, 2], keepDims: false)
        #expect(all.shape == [] && all.doubles == [0])
        let lead = backend.reduce(.mean, cube, axes: [0, 1], keepDims: false)
        #expect(lead.shape == [4] && lead.doubles == [60, 61, 62, 63])
    }

    @Test func prodAndEmptyAxesCopy() {
        let x = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .float64)
        #expect(backend.reduce(.prod, x, axes: [1], keepDims: false).doubles == [6, 120])
        let copy = backend.reduce(.sum, x, axes: [], keepDims: false)
        #expect(copy.shape == [2, 3] && copy.doubles == x.doubles)
    }

    @Test func integerMeanTruncatesLikeTensorFlow() {
        let x = Tensor([[1, 2], [3, 5], [-3, -4]], dtype: .int32)
        let mean = backend.reduce(.mean, x, axes: [1], keepDims: false)
        #expect(mean.dtype == .int32 && mean.scalars(as: Int32.self) == [1, 4, -3])
        #expect(backend.reduce(.sum, x, axes: [0], keepDims: false).scalars(as: Int32.self) == [1, 3])
        let big = Tensor([5, 9, 2] as [Int64], shape: [3])
        #expect(backend.reduce(.max, big, axes: [0], keepDims: false).scalars(as: Int64.self) == [9])
        let bytes = Tensor([5, 9, 2] as [UInt8], shape: [3])
        #expect(backend.reduce(.min, bytes, axes: [0], keepDims: false).scalars(as: UInt8.self) == [2])
    }

    @Test func anyAndAllOnBool() {
        let x = Tensor([true, false, false, true, true, true] as [Bool], shape: [2, 3])
        #expect(backend.reduce(.any, x, axes: [1], keepDims: false).scalars(as: Bool.self) == [true, true])
        #expect(backend.reduce(.all, x, axes: [1], keepDims: false).scalars(as: Bool.self) == [false, true])
        #expect(backend.reduce(.any, x, axes: [0], keepDims: false).scalars(as: Bool.self) == [true, true, true])
    }

    @Test func reducingAnEmptyAxisGivesTheIdentity() {
        let x = Tensor(shape: [2, 0], dtype: .float32)
        #expect(backend.reduce(.sum, x, axes: [1], keepDims: false).doubles == [0, 0])
        #expect(backend.reduce(.prod, x, axes: [1], keepDims: false).doubles == [1, 1])
        #expect(backend.reduce(.max, x, axes: [1], keepDims: false).doubles == [-.infinity, -.infinity])
        #expect(backend.reduce(.min, x, axes: [1], keepDims: false).doubles == [.infinity, .infinity])
        #expect(backend.reduce(.mean, x, axes: [1], keepDims: false).doubles.allSatisfy { $0.isNaN })
    }

    @Test func float32SumOfManyElementsIsAccurate() {
        // A million copies of 0.1: naive float32 accumulation drifts by about 1%.
        let x = Tensor(shape: [1_000_000], repeating: 0.1, dtype: .float32)
        let total = backend.reduce(.sum, x, axes: [0], keepDims: false).doubles[0]
        #expect(abs(total - 100_000) < 1)
        let column = Tensor(shape: [100_000, 3], repeating: 0.1, dtype: .float32)
        let columns = backend.reduce(.sum, column, axes: [0], keepDims: false).doubles
        #expect(columns.allSatisfy { abs($0 - 10_000) < 0.1 })
    }

    @Test func everyAxisSubsetMatchesNaiveReduction() {
        let shape = [3, 1, 4, 5]
        let x = randomTensor(shape, dtype: .float64, seed: 7)
        let values = x.doubles
        let strides = Shape.strides(of: shape)
        for mask in 0..<16 {
            let axes = (0..<4).filter { mask & (1 << $0) != 0 }
            let got = backend.reduce(.sum, x, axes: axes, keepDims: true)
            let outShape = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            var expected = [Double](repeating: 0, count: outShape.reduce(1, *))
            let outStrides = Shape.strides(of: outShape)
            for flat in 0..<values.count {
                var target = 0
                for d in 0..<4 where !axes.contains(d) { target += (flat / strides[d]) % shape[d] * outStrides[d] }
                expected[target] += values[flat]
            }
            #expect(got.shape == outShape)
            #expect(zip(got.doubles, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "axes \(axes)")
        }
    }

    @Test func reductionStagesMergeAndPeelReducedGroups() {
        // [3, 1, 4, 5] over axes 0 and 3: rows of 5 first, then columns of 4 over 3.
        #expect(ReductionStage.stages(shape: [3, 1, 4, 5], axes: [0, 3])
                == [ReductionStage(outer: 12, length: 5, inner: 1), ReductionStage(outer: 1, length: 3, inner: 4)])
        #expect(ReductionStage.stages(shape: [2, 3, 4], axes: [1, 2]) == [ReductionStage(outer: 2, length: 12, inner: 1)])
        #expect(ReductionStage.stages(shape: [2, 3, 4], axes: [1]) == [ReductionStage(outer: 2, length: 3, inner: 4)])
        #expect(ReductionStage.stages(shape: [2, 1, 4], axes: [1]).isEmpty)
    }

    @Test func maxOverOuterAndInnerAxesOfIntegers() {
        let x = backend.cast(indexCube(dtype: .float64), to: .int64)
        let y = backend.reduce(.max, x, axes: [0, 2], keepDims: false)
        #expect(y.scalars(as: Int64.self) == [103, 113, 123])
        #expect(backend.reduce(.min, x, axes: [0, 2], keepDims: false).scalars(as: Int64.self) == [0, 10, 20])
    }

    // MARK: argReduce

    @Test func argmaxTakesFirstIndexAmongTies() {
        let x = Tensor([[1, 3, 3, 0], [2, 2, 1, 2]])
        let rows = backend.argReduce(.argmax, x, axis: 1)
        #expect(rows.dtype == .int64 && rows.scalars(as: Int64.self) == [1, 0])
        #expect(backend.argReduce(.argmin, x, axis: 1).scalars(as: Int64.self) == [3, 2])
        let columns = backend.argReduce(.argmax, x, axis: 0)
        #expect(columns.shape == [4] && columns.scalars(as: Int64.self) == [1, 0, 0, 1])
        #expect(backend.argReduce(.argmin, x, axis: 0).scalars(as: Int64.self) == [0, 1, 1, 0])
    }

    @Test func argReduceOnIntegersAndBool() {
        let i = Tensor([4, -1, 9, 9] as [Int32], shape: [4])
        #expect(backend.argReduce(.argmax, i, axis: 0).scalars(as: Int64.self) == [2])
        #expect(backend.argReduce(.argmin, i, axis: 0).scalars(as: Int64.self) == [1])
        let b = Tensor([false, true, true] as [Bool], shape: [3])
        #expect(backend.argReduce(.argmax, b, axis: 0).scalars(as: Int64.self) == [1])
        let f = Tensor([.nan, 2, 5, .nan] as [Double], shape: [4])
        #expect(backend.argReduce(.argmax, f, axis: 0).scalars(as: Int64.self) == [2])
    }

    // MARK: cumulative

    @Test func cumsumInclusiveExclusiveReverse() {
        let x = Tensor([1, 2, 3, 4])
        #expect(backend.cumulative(.sum, x, axis: 0, exclusive: false, reverse: false).doubles == [1, 3, 6, 10])
        #expect(backend.cumulative(.sum, x, axis: 0, exclusive: true, reverse: false).doubles == [0, 1, 3, 6])
        #expect(backend.cumulative(.sum, x, axis: 0, exclusive: false, reverse: true).doubles == [10, 9, 7, 4])
        #expect(backend.cumulative(.sum, x, axis: 0, exclusive: true, reverse: true).doubles == [9, 7, 4, 0])
        #expect(backend.cumulative(.prod, x, axis: 0, exclusive: true, reverse: false).doubles == [1, 1, 2, 6])
    }

    @Test func cumulativeAlongLeadingAxisOfMatrix() {
        let x = Tensor([[1, 2], [3, 4], [5, 6]], dtype: .int64)
        let y = backend.cumulative(.sum, x, axis: 0, exclusive: false, reverse: false)
        #expect(y.scalars(as: Int64.self) == [1, 2, 4, 6, 9, 12])
        let e = backend.cumulative(.sum, x, axis: 0, exclusive: true, reverse: true)
        #expect(e.scalars(as: Int64.self) == [8, 10, 5, 6, 0, 0])
        let p = backend.cumulative(.prod, x, axis: 1, exclusive: false, reverse: true)
        #expect(p.scalars(as: Int64.self) == [2, 2, 12, 4, 30, 6])
        let f = backend.cumulative(.prod, Tensor([[1, 2], [3, 4], [5, 6]], dtype: .float64), axis: 0,
                                   exclusive: false, reverse: true)
        #expect(f.doubles == [15, 48, 15, 24, 5, 6])
    }
}
