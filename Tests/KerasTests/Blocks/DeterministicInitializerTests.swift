import Testing
import Keras
@testable import KerasCore

@Suite struct DeterministicInitializerTests {
    @Test func zerosOnesAndConstantFillTheShape() {
        #expect(Initializer.zeros(shape: [2, 3]).doubles == [0, 0, 0, 0, 0, 0])
        #expect(Initializer.ones(shape: [2, 2], dtype: .int64).doubles == [1, 1, 1, 1])
        #expect(Initializer.constant(0.25)(shape: [3]).doubles == [0.25, 0.25, 0.25])
        #expect(Initializer.constant()(shape: [1]).doubles == [0])
    }

    @Test func identityIsTheScaledRectangularEye() {
        #expect(Initializer.identity()(shape: [2, 2]).doubles == [1, 0, 0, 1])
        #expect(Initializer.identity(gain: 2)(shape: [2, 3]).doubles == [2, 0, 0, 0, 2, 0])
        #expect(Initializer.identity(gain: 3)(shape: [3, 2]).doubles == [3, 0, 0, 3, 0, 0])
    }

    @Test func orthogonalSquareMatrixIsOrthogonal() {
        let q = Initializer.orthogonal(seed: 7)(shape: [6, 6], dtype: .float64)
        #expect(allClose(gram(q, ofColumns: true), identityValues(6), tolerance: 1e-12))
        #expect(allClose(gram(q, ofColumns: false), identityValues(6), tolerance: 1e-12))
    }

    @Test func orthogonalTallHasOrthonormalColumnsAndWideOrthonormalRows() {
        let tall = Initializer.orthogonal(seed: 1)(shape: [50, 8], dtype: .float64)
        #expect(allClose(gram(tall, ofColumns: true), identityValues(8), tolerance: 1e-12))
        let wide = Initializer.orthogonal(gain: 2, seed: 2)(shape: [8, 50], dtype: .float64)
        #expect(allClose(gram(wide, ofColumns: false), identityValues(8, scale: 4), tolerance: 1e-11))
    }

    @Test func orthogonalConvKernelFlattensAllButTheLastAxis() {
        // (3, 3, 4, 16) is read as a 36 × 16 matrix with orthonormal columns.
        let kernel = Initializer.orthogonal(seed: 3)(shape: [3, 3, 4, 16], dtype: .float64)
        #expect(kernel.shape == [3, 3, 4, 16])
        let matrix = kernel.reshapedStorage(to: [36, 16])
        #expect(allClose(gram(matrix, ofColumns: true), identityValues(16), tolerance: 1e-12))
    }

    @Test func orthogonalIsTheSignCorrectedQOfTheSeededNormalMatrix() {
        // Q·R = A with R's diagonal positive: R = Qᵀ·A must be upper triangular with a positive
        // diagonal, where A (5 × 3) is the seeded normal sample.
        let q = Initializer.orthogonal(seed: 11)(shape: [5, 3], dtype: .float64).doubles
        let samples = K.randomNormal([5, 3], dtype: .float64, seed: 11).doubles
        func a(_ i: Int, _ j: Int) -> Double { samples[i * 3 + j] }
        func r(_ i: Int, _ j: Int) -> Double { (0..<5).reduce(0) { $0 + q[$1 * 3 + i] * a($1, j) } }
        for i in 0..<3 {
            #expect(r(i, i) > 0)
            for j in 0..<i { #expect(Swift.abs(r(i, j)) < 1e-12) }
        }
        for i in 0..<5 {
            for j in 0..<3 {
                let qr = (0..<3).reduce(0) { $0 + q[i * 3 + $1] * r($1, j) }
                #expect(Swift.abs(qr - a(i, j)) < 1e-12)
            }
        }
    }

    @Test func choleskyAndHouseholderRoutesGiveTheSameBasis() {
        let a = K.randomNormal([40, 12], dtype: .float64, seed: 5).doubles
        let fast = OrthonormalBasis.q(ofRowMajor: a, rows: 40, columns: 12)
        let reference = OrthonormalBasis.householder(a, rows: 40, columns: 12)
        #expect(allClose(fast, reference, tolerance: 1e-12))
        let q = Tensor(fast, shape: [40, 12], dtype: .float64)
        #expect(allClose(gram(q, ofColumns: true), identityValues(12), tolerance: 1e-14))
    }

    @Test func rankDeficientMatricesFallBackToHouseholder() {
        // Two equal columns: AᵀA is singular, so Cholesky stops and Householder still returns
        // orthonormal columns.
        let a: [Double] = [1, 1, 2, 2, 3, 3, 4, 4]
        #expect(OrthonormalBasis.choleskyStep(a, rows: 4, columns: 2) == nil)
        let q = Tensor(OrthonormalBasis.q(ofRowMajor: a, rows: 4, columns: 2), shape: [4, 2], dtype: .float64)
        #expect(allClose(gram(q, ofColumns: true), identityValues(2), tolerance: 1e-14))
    }

    @Test func householderQRFactorsATallMatrix() {
        // A = [[3, 1], [4, 2], [0, 2]] column-major.
        let qr = HouseholderQR(columnMajor: [3, 4, 0, 1, 2, 2], rows: 3, columns: 2)
        let q = Tensor(qr.q, shape: [2, 3], dtype: .float64)     // rows of this are Q's columns
        #expect(allClose(gram(q, ofColumns: false), identityValues(2), tolerance: 1e-14))
        // |R₀₀| = ‖(3, 4, 0)‖ = 5.
        #expect(Swift.abs(Swift.abs(qr.rDiagonal[0]) - 5) < 1e-14)
    }
}
