import Testing
@testable import Keras

/// The `onednn` plugin's element-wise, softmax and reduction kernels against the reference
/// backend, in strict mode, and what it leaves to the reference backend.
@Suite struct OneDNNElementwiseTests {
    static let unaryOps: [UnaryOp] = [.negative, .abs, .square, .sqrt, .exp, .tanh, .sigmoid, .softplus, .relu, .round]

    @Test func unaryActivationsMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        // Wide range, both signs; sqrt and log get positive inputs (NaN agreement is checked below).
        let x = randomTensor([7, 33], dtype: .float32, low: -12, high: 12, seed: 90)
        let positive = randomTensor([7, 33], dtype: .float32, low: 0.001, high: 50, seed: 91)
        for op in Self.unaryOps {
            let input = op == .sqrt ? positive : x
            BackendComparison.expectAgreement(onednn, "\(op)") { $0.unary(op, input) }
        }
    }

    @Test func unaryEdgeValuesMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let edges = Tensor([-100, -20, -1, -0.5, 0, 0.5, 1.5, 2.5, 20, 88, 100] as [Float], shape: [11])
        for op in Self.unaryOps where op != .sqrt {
            let expected = ReferenceBackend.shared.unary(op, edges).scalars(as: Float.self)
            let got = onednn.unary(op, edges).scalars(as: Float.self)
            for (e, g) in zip(expected, got) {
                #expect(e == g || abs(e - g) <= 2e-5 * (1 + abs(e)) || (e.isNaN && g.isNaN), "\(op): \(got) vs \(expected)")
            }
        }
        let special = Tensor([-1, 0, 4] as [Float], shape: [3])
        let sqrt = onednn.unary(.sqrt, special).scalars(as: Float.self)
        #expect(sqrt[0].isNaN && sqrt[1] == 0 && sqrt[2] == 2)
    }

    @Test func unaryOpsOneDNNLacksFallBackVisibly() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = randomTensor([4], dtype: .float32, seed: 92)
        let (_, violations) = FallbackMonitor.collectingViolations {
            _ = onednn.unary(.sin, x)
            _ = onednn.unary(.log, x)
            _ = onednn.unary(.relu, randomTensor([4], dtype: .float64, seed: 93))
        }
        #expect(violations.map(\.op) == ["unary.sin", "unary.log", "unary.relu"])
    }

    @Test func broadcastingArithmeticMatchesReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let shapes: [([Int], [Int])] = [([4, 5], [4, 5]), ([3, 4, 5], [5]), ([3, 4], []), ([2, 3, 4], [1, 3, 4]), ([3, 4, 5], [3, 1, 5])]
        for (sa, sb) in shapes {
            let a = randomTensor(sa, dtype: .float32, seed: 94)
            let b = randomTensor(sb, dtype: .float32, low: 0.5, high: 2, seed: 95)
            for op in [BinaryOp.add, .subtract, .multiply, .divide, .maximum, .minimum] {
                BackendComparison.expectAgreement(onednn, "\(op) \(sa) \(sb)") { $0.binary(op, a, b) }
            }
            // The broadcast operand first: swapped (subtract negated); divide falls back.
            for op in [BinaryOp.add, .subtract, .multiply, .maximum, .minimum] {
                BackendComparison.expectAgreement(onednn, "\(op) \(sb) \(sa)") { $0.binary(op, b, a) }
            }
        }
        let (_, violations) = FallbackMonitor.collectingViolations {
            _ = onednn.binary(.divide, Tensor([2] as [Float], shape: [1]), randomTensor([3], dtype: .float32, seed: 96))
            _ = onednn.binary(.add, randomTensor([3, 1], dtype: .float32, seed: 97), randomTensor([1, 4], dtype: .float32, seed: 98))
        }
        #expect(violations.map(\.op) == ["binary.divide", "binary.add"])
    }

    @Test func softmaxAndLogSoftmaxOnEveryAxisMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = randomTensor([3, 4, 5], dtype: .float32, low: -30, high: 30, seed: 99)
        for axis in 0..<3 {
            BackendComparison.expectAgreement(onednn, "softmax axis \(axis)") { $0.softmax(x, axis: axis) }
            BackendComparison.expectAgreement(onednn, "log_softmax axis \(axis)") { $0.logSoftmax(x, axis: axis) }
        }
    }

    @Test func reductionsOverAnyAxesMatchReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let x = randomTensor([6, 5, 7], dtype: .float32, low: 0.5, high: 1.5, seed: 100)
        for axes in [[0], [1], [2], [0, 2], [0, 1, 2], []] {
            for op in [ReduceOp.sum, .mean, .prod, .max, .min] {
                for keep in [false, true] {
                    BackendComparison.expectAgreement(onednn, "\(op) \(axes) keepDims \(keep)") {
                        $0.reduce(op, x, axes: axes, keepDims: keep)
                    }
                }
            }
        }
        // Leading axes (a bias gradient), run as column sums; size-1 axes between them do not
        // break the pattern.
        let activations = randomTensor([4, 6, 5, 3], dtype: .float32, low: -1, high: 1, seed: 103)
        let padded = randomTensor([3, 1, 4, 5], dtype: .float32, low: -1, high: 1, seed: 104)
        for op in [ReduceOp.sum, .mean] {
            BackendComparison.expectAgreement(onednn, "\(op) over N, H, W") { $0.reduce(op, activations, axes: [0, 1, 2], keepDims: false) }
            BackendComparison.expectAgreement(onednn, "\(op) over 0, 2 past a size-1 axis") { $0.reduce(op, padded, axes: [0, 2], keepDims: true) }
        }
        // Large enough to split over threads, and wider than one 256-column tile.
        let gradients = randomTensor([16, 24, 24, 64], dtype: .float32, low: -1, high: 1, seed: 105)
        let wide = randomTensor([700, 300], dtype: .float32, low: -1, high: 1, seed: 106)
        for op in [ReduceOp.sum, .mean] {
            BackendComparison.expectAgreement(onednn, tolerance: 1e-5, "\(op) of a CNN's bias gradient") {
                $0.reduce(op, gradients, axes: [0, 1, 2], keepDims: false)
            }
            BackendComparison.expectAgreement(onednn, "\(op) over the rows of 300 columns") { $0.reduce(op, wide, axes: [0], keepDims: true) }
        }
        // Sums accumulate in double across blocks of rows: 2^20 ones and a 2^-8 each, which a
        // float running sum would lose, add up exactly.
        let rows = 1 << 20
        let ones = Tensor([Float](repeating: 1 + 1 / 256, count: rows), shape: [rows, 1])
        let (total, violations) = FallbackMonitor.collectingViolations { onednn.reduce(.sum, ones, axes: [0], keepDims: false) }
        #expect(violations.isEmpty)
        #expect(total.scalars(as: Float.self) == [Float(rows) * (1 + 1 / 256)])
        // Only size-1 axes: a copy.
        let column = randomTensor([8, 1], dtype: .float32, seed: 102)
        BackendComparison.expectAgreement(onednn, "mean over a size-1 axis") { $0.reduce(.mean, column, axes: [1], keepDims: false) }
    }

    @Test func activationGradientsThroughKMatchReference() throws {
        guard let onednn = BackendComparison.lenientOneDNN() else { return }
        let x = randomTensor([4, 6], dtype: .float32, low: -3, high: 3, seed: 101)
        let functions: [(String, (Tensor) -> Tensor)] = [
            ("relu", { K.relu($0) }), ("tanh", { K.tanh($0) }), ("sigmoid", { K.sigmoid($0) }),
            ("softplus", { K.softplus($0) }), ("softmax", { K.softmax($0) }), ("exp", { K.exp($0) }),
        ]
        for (name, f) in functions {
            BackendComparison.expectAgreement(onednn, "d \(name)") { backend in
                BackendComparison.gradients(on: backend, of: [x]) { K.sum(K.square(f($0[0]))) }[0]
            }
        }
    }
}
