import Foundation
import Testing
import Keras
@testable import KerasCore

/// Unary, binary, select and cast kernels of the reference backend on hand-computed values.
@Suite struct ReferenceElementwiseTests {
    let backend = ReferenceBackend.shared

    // MARK: Unary

    @Test func roundIsHalfToEven() {
        let x = Tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.6] as [Float], shape: [7])
        #expect(backend.unary(.round, x).doubles == [-2, -2, -0, 0, 2, 2, 3])
        let d = Tensor([0.5, 1.5, -3.5] as [Double], shape: [3])
        #expect(backend.unary(.round, d).doubles == [0, 2, -4])
    }

    @Test func signOfZeroIsZeroForFloatsAndIntegers() {
        #expect(backend.unary(.sign, Tensor([-3, 0, 2] as [Float], shape: [3])).doubles == [-1, 0, 1])
        let i = backend.unary(.sign, Tensor([-7, 0, 9] as [Int32], shape: [3]))
        #expect(i.dtype == .int32 && i.scalars(as: Int32.self) == [-1, 0, 1])
    }

    @Test func integerAbsNegativeSquareKeepDType() {
        let x = Tensor([-3, 0, 4] as [Int64], shape: [3])
        #expect(backend.unary(.abs, x).scalars(as: Int64.self) == [3, 0, 4])
        #expect(backend.unary(.negative, x).scalars(as: Int64.self) == [3, 0, -4])
        #expect(backend.unary(.square, x).scalars(as: Int64.self) == [9, 0, 16])
    }

    @Test func floatFunctionsMatchTheirDefinitions() {
        let x = Tensor([-2, -0.5, 0, 1, 3] as [Double], shape: [5])
        let v = x.doubles
        func check(_ op: UnaryOp, _ f: (Double) -> Double) {
            let got = backend.unary(op, x).doubles
            for (g, e) in zip(got, v.map(f)) { #expect(abs(g - e) <= 1e-12, "\(op): \(g) vs \(e)") }
        }
        check(.exp) { exp($0) }
        check(.relu) { max($0, 0) }
        check(.square) { $0 * $0 }
        check(.sigmoid) { 1 / (1 + exp(-$0)) }
        check(.softplus) { log(1 + exp($0)) }
        check(.softsign) { $0 / (1 + abs($0)) }
        check(.tanh) { tanh($0) }
        check(.floor) { $0.rounded(.down) }
        check(.ceil) { $0.rounded(.up) }
        check(.atan) { atan($0) }
        check(.erf) { erf($0) }
    }

    @Test func float32FunctionsAgreeWithFloat64() {
        let values: [Double] = [0.1, 0.5, 0.9, 1.7, 3.2]
        let x32 = Tensor(values, shape: [5], dtype: .float32)
        let x64 = Tensor(values, shape: [5], dtype: .float64)
        for op in [UnaryOp.exp, .expm1, .log, .log1p, .sqrt, .rsqrt, .reciprocal, .sin, .cos, .tan,
                   .sinh, .cosh, .asinh, .acosh, .sigmoid, .softplus, .erf] {
            let a = backend.unary(op, x32), b = backend.unary(op, x64)
            #expect(a.dtype == .float32)
            for (u, w) in zip(a.doubles, b.doubles) where w.isFinite {
                #expect(abs(u - w) <= 1e-6 * max(1, abs(w)), "\(op): float32 \(u) vs float64 \(w)")
            }
        }
        let unit = Tensor([-0.5, 0, 0.5] as [Float], shape: [3])
        #expect(abs(backend.unary(.asin, unit).doubles[2] - asin(0.5)) < 1e-6)
        #expect(abs(backend.unary(.acos, unit).doubles[0] - acos(-0.5)) < 1e-6)
        #expect(abs(backend.unary(.atanh, unit).doubles[2] - atanh(0.5)) < 1e-6)
    }

    @Test func sigmoidAndSoftplusAreStableForLargeInputs() {
        let x = Tensor([-1000, -100, 100, 1000] as [Float], shape: [4])
        #expect(backend.unary(.sigmoid, x).doubles == [0, Double(Float(1 / (1 + exp(100.0)))), 1, 1])
        let s = backend.unary(.softplus, x).doubles
        #expect(s[0] == 0 && s[2] == 100 && s[3] == 1000)
    }

    @Test func predicatesReturnBool() {
        let x = Tensor([1, .nan, .infinity, -.infinity] as [Float], shape: [4])
        let nan = backend.unary(.isNaN, x)
        #expect(nan.dtype == .bool && nan.scalars(as: Bool.self) == [false, true, false, false])
        #expect(backend.unary(.isInf, x).scalars(as: Bool.self) == [false, false, true, true])
        #expect(backend.unary(.isFinite, x).scalars(as: Bool.self) == [true, false, false, false])
        let b = Tensor([true, false] as [Bool], shape: [2])
        #expect(backend.unary(.logicalNot, b).scalars(as: Bool.self) == [false, true])
    }

    // MARK: Binary

    @Test func addBroadcastsRowVector() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        let b = Tensor([10, 20, 30])
        let y = backend.binary(.add, a, b)
        #expect(y.shape == [2, 3] && y.doubles == [11, 22, 33, 14, 25, 36])
    }

    @Test func columnTimesRowBroadcastsBothSides() {
        let a = Tensor([1, 2] as [Float], shape: [2, 1])
        let b = Tensor([1, 10, 100] as [Float], shape: [1, 3])
        let y = backend.binary(.multiply, a, b)
        #expect(y.shape == [2, 3] && y.doubles == [1, 10, 100, 2, 20, 200])
        #expect(backend.binary(.subtract, b, a).doubles == [0, 9, 99, -1, 8, 98])
    }

    @Test func scalarOnEitherSide() {
        let x = Tensor([[1, 2], [3, 4]])
        let s = Tensor(scalar: 2)
        #expect(backend.binary(.divide, x, s).doubles == [0.5, 1, 1.5, 2])
        #expect(backend.binary(.subtract, s, x).doubles == [1, 0, -1, -2])
        #expect(backend.binary(.power, x, s).doubles == [1, 4, 9, 16])
    }

    @Test func generalBroadcastOfRank3Operands() {
        // [2, 1, 3] + [2, 1]: out[i, j, k] = a[i, 0, k] + b[j, 0].
        let a = Tensor((0..<6).map(Double.init), shape: [2, 1, 3], dtype: .float64)
        let b = Tensor([100, 200] as [Double], shape: [2, 1])
        let y = backend.binary(.add, a, b)
        #expect(y.shape == [2, 2, 3])
        #expect(y.doubles == [100, 101, 102, 200, 201, 202, 103, 104, 105, 203, 204, 205])
    }

    @Test func largeBroadcastMatchesNaiveLoop() {
        // Big enough to run on several threads and split runs across chunk boundaries.
        let a = randomTensor([300, 7, 64], dtype: .float32, seed: 3)
        let b = randomTensor([7, 1], dtype: .float32, seed: 4)
        let y = backend.binary(.add, a, b)
        let av = a.doubles, bv = b.doubles, yv = y.doubles
        var mismatches = 0
        for i in 0..<300 { for j in 0..<7 { for k in 0..<64 {
            let flat = (i * 7 + j) * 64 + k
            if yv[flat] != Double(Float(av[flat]) + Float(bv[j])) { mismatches += 1 }
        } } }
        #expect(mismatches == 0)
    }

    @Test func integerDivisionTruncatesFloorDivisionFloorsModFollowsDivisor() {
        let a = Tensor([7, -7, 7, -7] as [Int32], shape: [4])
        let b = Tensor([2, 2, -2, -2] as [Int32], shape: [4])
        #expect(backend.binary(.divide, a, b).scalars(as: Int32.self) == [3, -3, -3, 3])
        #expect(backend.binary(.floorDivide, a, b).scalars(as: Int32.self) == [3, -4, -4, 3])
        #expect(backend.binary(.mod, a, b).scalars(as: Int32.self) == [1, 1, -1, -1])
        let f = Tensor([7, -7, 7, -7] as [Double], shape: [4]), g = Tensor([2, 2, -2, -2] as [Double], shape: [4])
        #expect(backend.binary(.floorDivide, f, g).doubles == [3, -4, -4, 3])
        #expect(backend.binary(.mod, f, g).doubles == [1, 1, -1, -1])
        let fractional = Tensor([5.5] as [Float], shape: [1]), three = Tensor([-3] as [Float], shape: [1])
        #expect(backend.binary(.mod, fractional, three).doubles == [-0.5])
    }

    @Test func integerPowerMaximumMinimumSquaredDifference() {
        let a = Tensor([2, 3, -2] as [Int64], shape: [3]), b = Tensor([10, 0, 3] as [Int64], shape: [3])
        #expect(backend.binary(.power, a, b).scalars(as: Int64.self) == [1024, 1, -8])
        #expect(backend.binary(.maximum, a, b).scalars(as: Int64.self) == [10, 3, 3])
        #expect(backend.binary(.minimum, a, b).scalars(as: Int64.self) == [2, 0, -2])
        #expect(backend.binary(.squaredDifference, a, b).scalars(as: Int64.self) == [64, 9, 25])
        let u = Tensor([250, 3] as [UInt8], shape: [2]), v = Tensor([10, 4] as [UInt8], shape: [2])
        #expect(backend.binary(.add, u, v).scalars(as: UInt8.self) == [4, 7])
    }

    @Test func floatMaximumAndAtan2() {
        let a = Tensor([1, -1, 0] as [Float], shape: [3]), b = Tensor([0.5, 2, 0] as [Float], shape: [3])
        #expect(backend.binary(.maximum, a, b).doubles == [1, 2, 0])
        #expect(backend.binary(.minimum, a, b).doubles == [0.5, -1, 0])
        let y = backend.binary(.atan2, Tensor([1] as [Double], shape: [1]), Tensor([-1] as [Double], shape: [1]))
        #expect(abs(y.doubles[0] - 3 * Double.pi / 4) < 1e-15)
    }

    @Test func comparisonsReturnBoolWithBroadcasting() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .int32)
        let b = Tensor([3], dtype: .int32)
        let less = backend.binary(.less, a, b)
        #expect(less.dtype == .bool && less.shape == [2, 3])
        #expect(less.scalars(as: Bool.self) == [true, true, false, false, false, false])
        #expect(backend.binary(.equal, a, b).scalars(as: Bool.self) == [false, false, true, false, false, false])
        #expect(backend.binary(.greaterEqual, a, b).scalars(as: Bool.self) == [false, false, true, true, true, true])
        let f = Tensor([1, .nan] as [Float], shape: [2])
        #expect(backend.binary(.notEqual, f, f).scalars(as: Bool.self) == [false, true])
    }

    @Test func logicalOpsOnBool() {
        let a = Tensor([true, true, false, false] as [Bool], shape: [4])
        let b = Tensor([true, false, true, false] as [Bool], shape: [4])
        #expect(backend.binary(.logicalAnd, a, b).scalars(as: Bool.self) == [true, false, false, false])
        #expect(backend.binary(.logicalOr, a, b).scalars(as: Bool.self) == [true, true, true, false])
        #expect(backend.binary(.logicalXor, a, b).scalars(as: Bool.self) == [false, true, true, false])
        #expect(backend.binary(.equal, a, b).scalars(as: Bool.self) == [true, false, false, true])
    }

    @Test func stridedLoopMergesContiguousDimensionsIntoRuns() {
        let same = StridedLoop(broadcasting: [[2, 3, 4], [2, 3, 4]], to: [2, 3, 4])
        #expect(same.shape == [24] && same.innerStrides == SIMD4(1, 1, 0, 0))
        let bias = StridedLoop(broadcasting: [[5, 1, 3], [3]], to: [5, 1, 3])
        #expect(bias.shape == [5, 3] && bias.strides == [SIMD4(3, 0, 0, 0), SIMD4(1, 1, 0, 0)])
        var runs: [[Int]] = []
        bias.forEachRun(in: 4..<11) { position, length, offsets in runs.append([position, length, offsets[0], offsets[1]]) }
        #expect(runs == [[4, 2, 4, 1], [6, 3, 6, 0], [9, 2, 9, 0]])
    }

    @Test func emptyBroadcastGivesEmptyResult() {
        let y = backend.binary(.add, Tensor(shape: [0, 3]), Tensor([1, 2, 3]))
        #expect(y.shape == [0, 3] && y.count == 0)
    }

    // MARK: Select

    @Test func selectBroadcastsConditionAndBranches() {
        let condition = Tensor([true, false] as [Bool], shape: [2, 1])
        let a = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .int64)
        let b = Tensor([-1], dtype: .int64)
        let y = backend.select(condition, a, b)
        #expect(y.dtype == .int64 && y.shape == [2, 3])
        #expect(y.scalars(as: Int64.self) == [1, 2, 3, -1, -1, -1])
        let flat = backend.select(Tensor([true, false, true] as [Bool], shape: [3]),
                                  Tensor([1, 2, 3] as [Float], shape: [3]), Tensor([9, 8, 7] as [Float], shape: [3]))
        #expect(flat.doubles == [1, 8, 3])
        let random = randomTensor([300, 200], dtype: .float32, seed: 5)
        let mask = backend.binary(.greater, random, Tensor(Float(0)))
        let clipped = backend.select(mask, random, Tensor(Float(0)))
        #expect(clipped.doubles == random.doubles.map { max($0, 0) })
    }

    // MARK: Cast

    @Test func floatToIntegerTruncatesTowardZero() {
        let x = Tensor([1.9, -1.9, 0.5, -0.5, .nan] as [Float], shape: [5])
        #expect(backend.cast(x, to: .int32).scalars(as: Int32.self) == [1, -1, 0, 0, 0])
        #expect(backend.cast(x, to: .int64).scalars(as: Int64.self) == [1, -1, 0, 0, 0])
        let big = Tensor([1e20, -1e20] as [Double], shape: [2])
        #expect(backend.cast(big, to: .int32).scalars(as: Int32.self) == [Int32.max, Int32.min])
        #expect(backend.cast(big, to: .int64).scalars(as: Int64.self) == [Int64.max, Int64.min])
        let bytes = Tensor([-1.5, 300.7, 255] as [Float], shape: [3])
        #expect(backend.cast(bytes, to: .uint8).scalars(as: UInt8.self) == [255, 44, 255])
    }

    @Test func castToAndFromBool() {
        let x = Tensor([0, 2, -0.5] as [Double], shape: [3])
        let b = backend.cast(x, to: .bool)
        #expect(b.scalars(as: Bool.self) == [false, true, true])
        #expect(backend.cast(b, to: .float32).doubles == [0, 1, 1])
        #expect(backend.cast(b, to: .int64).scalars(as: Int64.self) == [0, 1, 1])
        #expect(backend.cast(b, to: .uint8).scalars(as: UInt8.self) == [0, 1, 1])
    }

    @Test func castBetweenIntegerAndFloatTypes() {
        let i = Tensor([-3, 300, 7] as [Int32], shape: [3])
        #expect(backend.cast(i, to: .float64).doubles == [-3, 300, 7])
        #expect(backend.cast(i, to: .uint8).scalars(as: UInt8.self) == [253, 44, 7])
        #expect(backend.cast(i, to: .int64).scalars(as: Int64.self) == [-3, 300, 7])
        let u = Tensor([200, 0] as [UInt8], shape: [2])
        #expect(backend.cast(u, to: .float32).doubles == [200, 0])
        let d = Tensor([1.5, 1e-50] as [Double], shape: [2])
        #expect(backend.cast(d, to: .float32).doubles == [1.5, 0])
        let same = backend.cast(d, to: .float64)
        #expect(same.doubles == d.doubles && same.dtype == .float64)
    }
}
