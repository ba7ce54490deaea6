import Testing
@testable import Keras

/// Keras 3's `keras.backend.result_type`, one test argument per row of its table (the
/// TensorFlow column: 64-bit results are kept), and the operators that follow it.
@Suite struct DTypePromotionTests {
    /// (a, b, Keras 3's result_type(a, b)).
    static let pairs: [(DType, DType, DType)] = [
        (.bool, .bool, .bool), (.bool, .uint8, .uint8), (.bool, .int32, .int32), (.bool, .int64, .int64),
        (.bool, .float32, .float32), (.bool, .float64, .float64),
        (.uint8, .uint8, .uint8), (.uint8, .int32, .int32), (.uint8, .int64, .int64), (.uint8, .float32, .float32),
        (.uint8, .float64, .float64),
        (.int32, .int32, .int32), (.int32, .int64, .int64), (.int32, .float32, .float32), (.int32, .float64, .float64),
        (.int64, .int64, .int64), (.int64, .float32, .float32), (.int64, .float64, .float64),
        (.float32, .float32, .float32), (.float32, .float64, .float64), (.float64, .float64, .float64),
    ]

    /// (tensor dtype, Swift number kind, Keras 3's result_type(dtype, int / float)) with floatx float32.
    static let weak: [(DType, DType.WeakKind, DType)] = [
        (.bool, .int, .int32), (.bool, .float, .float32), (.uint8, .int, .uint8), (.uint8, .float, .float32),
        (.int32, .int, .int32), (.int32, .float, .float32), (.int64, .int, .int64), (.int64, .float, .float32),
        (.float32, .int, .float32), (.float32, .float, .float32), (.float64, .int, .float64), (.float64, .float, .float64),
    ]

    @Test(arguments: 0..<pairs.count)
    func tensorPairsPromoteAsKeras(row: Int) {
        let (a, b, expected) = Self.pairs[row]
        #expect(DType.result(a, b) == expected, "\(a) with \(b)")
        #expect(DType.result(b, a) == expected, "\(b) with \(a)")
    }

    @Test(arguments: 0..<weak.count)
    func swiftNumbersAreWeakAsPythonScalars(row: Int) {
        let (dtype, kind, expected) = Self.weak[row]
        #expect(DType.result(dtype, weak: kind) == expected, "\(dtype) with a weak \(kind)")
    }

    @Test func severalDtypesAndNone() {
        #expect(DType.result([.uint8, .int32, .float32]) == .float32)
        #expect(DType.result([.bool, .uint8]) == .uint8)
        #expect(DType.result([]) == .float32)
    }

    @Test func anIntTensorPlusAFloatIsFloat32() {
        // Keras 3: ops.add(int32 [1, 2, 3], 1.5) -> float32 [2.5, 3.5, 4.5].
        let x = Tensor([1, 2, 3], dtype: .int32)
        let y = x + 1.5
        #expect(y.dtype == .float32)
        #expect(y.doubles == [2.5, 3.5, 4.5])
        // A Swift integer is a weak int: the tensor keeps its dtype.
        let z = x + 1
        #expect(z.dtype == .int32 && z.doubles == [2, 3, 4])
        #expect((2 * x).dtype == .int32)
        #expect((0.5 * x).doubles == [0.5, 1, 1.5])
    }

    @Test func mixedTensorsPromote() {
        let i = Tensor([1, 2, 3], dtype: .int32), f = Tensor([0.5, 0.25, 0.125], dtype: .float32)
        let sum = i + f
        #expect(sum.dtype == .float32 && sum.doubles == [1.5, 2.25, 3.125])
        let wide = K.multiply(f, Tensor([2, 2, 2], dtype: .float64))
        #expect(wide.dtype == .float64 && wide.doubles == [1, 0.5, 0.25])
        let bytes = K.add(Tensor([250, 1], dtype: .uint8), Tensor([10, 1], dtype: .int32))
        #expect(bytes.dtype == .int32 && bytes.doubles == [260, 2])
        // True division of integers is float (Keras 3's `divide`).
        let q = K.divide(Tensor([1, 3], dtype: .int32), Tensor([2, 2], dtype: .int32))
        #expect(q.dtype == .float32 && q.doubles == [0.5, 1.5])
        #expect(K.maximum(Tensor([1, -2], dtype: .int32), 0).dtype == .int32)
    }

    @Test func mixedComparisonsWork() {
        let x = Tensor([5, 12, 20], dtype: .int32)
        #expect(K.less(x, Tensor(scalar: 12)).doubles == [1, 0, 0])           // int32 < float32
        #expect(K.greater(x, 11.5).doubles == [0, 1, 1])                       // not truncated to 11
        #expect((x .< 12).doubles == [1, 0, 0])
        #expect((x .<= 12).doubles == [1, 1, 0])
        #expect((x .> Tensor([4.5, 12.5, 19.5])).doubles == [1, 0, 1])
        #expect((x .>= 12).doubles == [0, 1, 1])
        #expect((x .== 12).doubles == [0, 1, 0])
        #expect((x .!= 12.0).doubles == [1, 0, 1])
        #expect((x .== 12).dtype == .bool)
        let picked = K.select(x .> 10, x, Tensor([0.5, 0.5, 0.5], dtype: .float32))
        #expect(picked.dtype == .float32 && picked.doubles == [0.5, 12, 20])
    }

    @Test func gradientsFlowThroughAPromotion() {
        // d/dx Σ (x · w) with x float32 and w float64: the gradient comes back as float32.
        let x = Variable(Tensor([1, 2], dtype: .float32))
        let w = Tensor([3, 4], dtype: .float64)
        let tape = GradientTape()
        let y = tape.record { K.sum(K.multiply(x.value, w)) }
        let g = tape.gradient(y, [x])[0]
        #expect(g.dtype == .float32 && g.doubles == [3, 4])
    }
}
