import Testing
import Keras
@testable import KerasCore

/// Per-sample random draws placed by the sample's row in the global batch, so that dropout under
/// DataParallel does not depend on how a batch is split over the ranks.
@Suite("Dropout rows")
struct DropoutRowsTests {
    @Test("a sample drawn with an element offset is that slice of the longer sample", arguments: [0, 1, 3, 6, 7])
    func offsetSampleIsASlice(offset: Int) {
        let g = RandomGenerator(seed: 2024)
        let distributions: [RandomGenerator.Distribution] = [
            .uniform(low: -1, high: 2), .normal(mean: 0.5, stddev: 2), .truncatedNormal(mean: 0, stddev: 1), .bernoulli(p: 0.3),
        ]
        for distribution in distributions {
            for dtype in [DType.float32, .float64] {
                let whole = g.sample(shape: [14, 3], dtype: dtype, distribution).doubles
                let part = g.sample(shape: [5], dtype: dtype, distribution, elementOffset: offset).doubles
                #expect(part == Array(whole[offset ..< offset + 5]), "\(distribution) \(dtype) at \(offset)")
            }
        }
        let ints = g.sample(shape: [9], dtype: .int32, .uniform(low: 0, high: 100)).doubles
        #expect(g.sample(shape: [4], dtype: .int32, .uniform(low: 0, high: 100), elementOffset: offset % 5).doubles
                == Array(ints[offset % 5 ..< offset % 5 + 4]))
    }

    @Test("a rank's dropout mask is its rows of the global batch's mask")
    func rankRowsOfTheGlobalMask() {
        let global = K.dropout(Tensor(shape: [5, 4], repeating: 1, dtype: .float32), level: 0.5, seed: 9).doubles
        #expect(global.contains(0) && global.contains(2))  // some dropped, some kept and scaled by 2
        // Ranks of a batch of 5 split 2 + 3.
        let first = BatchRows.$current.withValue(BatchRows(first: 0, count: 2)) {
            K.dropout(Tensor(shape: [2, 4], repeating: 1, dtype: .float32), level: 0.5, seed: 9).doubles
        }
        let second = BatchRows.$current.withValue(BatchRows(first: 2, count: 3)) {
            K.dropout(Tensor(shape: [3, 4], repeating: 1, dtype: .float32), level: 0.5, seed: 9).doubles
        }
        #expect(first + second == global)

        // The Dropout layer (seeded, so both draws use the same seed) follows the rows too.
        let layer = Dropout(0.5, seed: 3), again = Dropout(0.5, seed: 3)
        let whole = try? layer(Tensor(shape: [4, 6], repeating: 1, dtype: .float32), training: true).doubles
        let tail = BatchRows.$current.withValue(BatchRows(first: 1, count: 3)) {
            try? again(Tensor(shape: [3, 6], repeating: 1, dtype: .float32), training: true).doubles
        }
        #expect(whole.map { Array($0[6...]) } == tail)
    }

    @Test("a mask shared by the samples (noise shape 1 on axis 0) is the same on every rank")
    func sharedMaskHasNoOffset() throws {
        let whole = try Dropout(0.5, noiseShape: [1, nil], seed: 4)(Tensor(shape: [4, 8], repeating: 1, dtype: .float32), training: true).doubles
        let rows = BatchRows.$current.withValue(BatchRows(first: 3, count: 1)) {
            try? Dropout(0.5, noiseShape: [1, nil], seed: 4)(Tensor(shape: [1, 8], repeating: 1, dtype: .float32), training: true).doubles
        }
        #expect(rows == Array(whole[0 ..< 8]))
        #expect(Array(whole[0 ..< 8]) == Array(whole[24 ..< 32]))
    }

    @Test("the offset counts whole rows, also for a time-distributed [batch · steps, …] tensor")
    func elementOffsets() {
        let rows = BatchRows(first: 3, count: 2)
        #expect(rows.elementOffset([2, 5]) == 15)
        #expect(rows.elementOffset([6, 4]) == 36)     // 2 samples × 3 steps, 4 features: 3 rows of 12
        #expect(rows.elementOffset([5, 4]) == 0)      // not a multiple of the rows: not per sample
        #expect(rows.elementOffset([]) == 0)
        #expect(BatchRows(first: 0, count: 2).elementOffset([2, 5]) == 0)
    }
}
