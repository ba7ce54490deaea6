import Testing
import Keras
@testable import KerasCore

@Suite struct FanTests {
    @Test func scalarVectorAndMatrixFansFollowKeras() {
        #expect(Initializer.fans(of: []) == (1, 1))
        #expect(Initializer.fans(of: [7]) == (7, 7))
        #expect(Initializer.fans(of: [784, 64]) == (784, 64))
    }

    @Test func convolutionKernelsMultiplyTheReceptiveField() {
        // Conv1D kernel (k, in, out), Conv2D (kh, kw, in, out), Conv3D (kd, kh, kw, in, out).
        #expect(Initializer.fans(of: [5, 8, 16]) == (40, 80))
        #expect(Initializer.fans(of: [3, 3, 16, 32]) == (144, 288))
        #expect(Initializer.fans(of: [2, 3, 3, 4, 6]) == (72, 108))
    }

    @Test func explicitAxesCountTheirSizesTimesTheOtherAxes() {
        // An EinsumDense kernel "abc,cde->abde": (c, d, e) with input axis 0, output axes 1 and 2.
        #expect(Initializer.fans(of: [64, 8, 16], inputAxes: [0], outputAxes: [1, 2]) == (64, 128))
        // A kernel laid out (out, in): axes swapped.
        #expect(Initializer.fans(of: [10, 3], inputAxes: [1], outputAxes: [0]) == (3, 10))
        // Negative axes, and one list given: the other is Keras's default (-2 in, -1 out).
        #expect(Initializer.fans(of: [3, 3, 16, 32], inputAxes: [-2], outputAxes: [-1]) == (144, 288))
        #expect(Initializer.fans(of: [4, 6, 5], outputAxes: [0]) == (6 * 5, 4 * 5))
    }

    @Test func fanModeSelectsTheDivisorAndNeverGoesBelowOne() {
        #expect(Initializer.varianceDivisor([3, 3, 16, 32], .fanIn, nil, nil) == 144)
        #expect(Initializer.varianceDivisor([3, 3, 16, 32], .fanOut, nil, nil) == 288)
        #expect(Initializer.varianceDivisor([3, 3, 16, 32], .fanAverage, nil, nil) == 216)
        #expect(Initializer.varianceDivisor([0, 5], .fanIn, nil, nil) == 1)
    }
}
