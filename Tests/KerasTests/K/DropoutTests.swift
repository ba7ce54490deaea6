import Testing
import Keras
@testable import KerasCore

/// Inverted dropout: kept values scaled by 1/(1 − level), a noise shape shared across an axis,
/// reproducible with a seed, and the gradient through the same mask.
@Suite struct DropoutTests {
    @Test func keptValuesAreScaledAndTheRestZero() {
        let x = Tensor(shape: [200, 50], repeating: 1)
        let y = K.dropout(x, level: 0.25, seed: 7)
        let values = y.doubles
        #expect(values.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3.0) < 1e-6 })
        let keptFraction = Double(values.filter { $0 != 0 }.count) / Double(values.count)
        #expect(abs(keptFraction - 0.75) < 0.03)
        #expect(K.dropout(x, level: 0.25, seed: 7).doubles == values)
        #expect(K.dropout(x, level: 0).doubles == x.doubles)
    }

    @Test func noiseShapeDropsWholeSlices() {
        let x = Tensor(shape: [4, 30, 5], repeating: 1)
        let y = K.dropout(x, level: 0.5, noiseShape: [nil, 1, 5], seed: 3)
        // every time step of a (sample, feature) pair shares one decision
        for b in 0..<4 {
            for f in 0..<5 {
                let column = (0..<30).map { y[b, $0, f] }
                #expect(Set(column).count == 1)
            }
        }
    }

    @Test func gradientUsesTheSameMask() {
        let x = randomTensor([6, 4], seed: 131)
        let y = K.dropout(x, level: 0.5, seed: 11)
        let g = gradientOfSum(x) { K.dropout($0, level: 0.5, seed: 11) }
        #expect(g.doubles == y.doubles.enumerated().map { $0.element == 0 ? 0 : 2 })
    }

    /// The mask as the uniform sample, a comparison and a multiplication on the reference
    /// backend make it (how `K.dropout` drew it before the one-pass mask).
    private func composedMask(_ g: RandomGenerator, _ shape: [Int], _ dtype: DType, _ level: Double, offset: Int) -> Tensor {
        let reference = ReferenceBackend.shared
        let uniform = g.sample(shape: shape, dtype: dtype, .uniform(low: 0, high: 1), elementOffset: offset)
        let keep = reference.cast(reference.binary(.greaterEqual, uniform, Tensor(scalar: level, dtype: dtype)), to: dtype)
        return reference.binary(.multiply, keep, Tensor(scalar: 1 / (1 - level), dtype: dtype))
    }

    @Test(arguments: [DType.float32, .float64])
    func keepMaskIsTheComparedUniformSampleBitForBit(dtype: DType) {
        // Levels whose float32 rounding lies above or below them (0.1, 0.3), a tiny and an
        // extreme one (every element dropped in float32), odd counts and offsets, a counter
        // beyond 32 bits.
        let levels = [0.25, 0.5, 0.1, 0.3, 0.9, 1e-9, 0.999_999_999]
        for (i, level) in levels.enumerated() {
            for offset in [0, 1, 7, 130, (1 << 33) + 3] {
                let g = RandomGenerator(seed: UInt64(1000 + i))
                let mask = g.keepMask(shape: [3, 337], dtype: dtype, level: level, scale: 1 / (1 - level), elementOffset: offset)
                let expected = composedMask(g, [3, 337], dtype, level, offset: offset)
                #expect(mask.dtype == dtype)
                #expect(mask.doubles.map(\.bitPattern) == expected.doubles.map(\.bitPattern), "level \(level), offset \(offset)")
            }
        }
        // Large enough to be split over threads.
        let g = RandomGenerator(seed: 77)
        let big = g.keepMask(shape: [128, 12, 12, 64], dtype: dtype, level: 0.25, scale: 4.0 / 3, elementOffset: 5)
        #expect(big.doubles.map(\.bitPattern) == composedMask(g, [128, 12, 12, 64], dtype, 0.25, offset: 5).doubles.map(\.bitPattern))
    }

    @Test func dropoutIsTheInputTimesTheComposedMask() {
        var x = randomTensor([64, 50], dtype: .float32, low: -3, high: 3, seed: 5)
        x.setElement(3, .nan)
        x.setElement(4, -.infinity)
        let y = K.dropout(x, level: 0.3, seed: 21)
        let mask = composedMask(RandomGenerator(seed: 21), [64, 50], .float32, 0.3, offset: 0)
        #expect(y.doubles.map(\.bitPattern) == ReferenceBackend.shared.binary(.multiply, x, mask).doubles.map(\.bitPattern))
    }
}
