import Testing
@testable import Keras

/// The OpenBLAS plugin's own activations — Dense's whole forward (`linearActivation`: the
/// product, its bias and plain relu in one call), relu and its gradient — and its one-sample
/// `linear` (GEMV on one thread), against the reference backend in strict mode.
/// Serialized: `reluWithParametersIsLeftToTheComposition` reads the shared usage counters.
@Suite(.serialized) struct OpenBLASActivationTests {
    static let relu = ActivationParameters(op: .relu)

    /// Values with NaN, both zeros and both signs, in float32 or float64.
    static func specialValues(_ dtype: DType) -> Tensor {
        Tensor([-2, -0.0, 0, .nan, 3, -.infinity, .infinity, 1e-30, -1e-30, 0.5], shape: [2, 5], dtype: dtype)
    }

    @Test(arguments: [DType.float32, .float64])
    func denseForwardIsOneCallAndMatchesReference(_ dtype: DType) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let w = randomTensor([17, 9], dtype: dtype, seed: 2)
        let bias = randomTensor([9], dtype: dtype, seed: 3)
        // Several rows (GEMM), one row (GEMV), and a leading batch axis.
        for (i, shape) in [[6, 17], [1, 17], [2, 3, 17]].enumerated() {
            let x = randomTensor(shape, dtype: dtype, low: -2, high: 2, seed: 10 + UInt64(i))
            for p in [Self.relu, ActivationParameters(op: .linear)] {
                BackendComparison.expectAgreement(openblas, tolerance: dtype == .float32 ? 2e-6 : 1e-13, "linear+\(p.op) \(shape)") {
                    $0.linearActivation(x, weight: w, bias: bias, p)
                }
                BackendComparison.expectAgreement(openblas, tolerance: dtype == .float32 ? 2e-6 : 1e-13, "linear+\(p.op) \(shape), no bias") {
                    $0.linearActivation(x, weight: w, bias: nil, p)
                }
            }
            BackendComparison.expectAgreement(openblas, tolerance: dtype == .float32 ? 2e-6 : 1e-13, "linear \(shape)") {
                $0.linear(x, weight: w, bias: bias)
            }
        }
        #expect(openblas.usage.contains { $0.kernel == .linearActivation && $0.op == ActivationOp.relu.rawValue && $0.native > 0 })
    }

    /// A sigmoid Dense (a binary classifier's output) in one call: float32 on the vectorised
    /// loop within 1e-7, float64 by the reference's formula; special values (NaN kept, ±inf to 0 and 1).
    @Test(arguments: [DType.float32, .float64])
    func sigmoidDenseIsOneCallAndMatchesReference(_ dtype: DType) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let sigmoid = ActivationParameters(op: .sigmoid)
        func nativeRuns() -> Int { openblas.usage.first { $0.kernel == .linearActivation && $0.op == ActivationOp.sigmoid.rawValue }?.native ?? 0 }
        let before = nativeRuns()
        let w = randomTensor([20, 3], dtype: dtype, low: -3, high: 3, seed: 4)
        let bias = randomTensor([3], dtype: dtype, seed: 5)
        // 32 × 128 → 1 is the LSTM benchmark's output layer; one row takes the GEMV path.
        for (i, (shape, weight)) in [([32, 20], w), ([1, 20], w), ([5, 20], w)].enumerated() {
            let x = randomTensor(shape, dtype: dtype, low: -4, high: 4, seed: 20 + UInt64(i))
            BackendComparison.expectAgreement(openblas, tolerance: dtype == .float32 ? 1e-6 : 1e-13, "linear+sigmoid \(shape)") {
                $0.linearActivation(x, weight: weight, bias: bias, sigmoid)
            }
        }
        // One unit with weight 1: the special values go through the product unchanged.
        let special = Self.specialValues(dtype).reshapedStorage(to: [10, 1])
        let one = Tensor([1], shape: [1, 1], dtype: dtype)
        BackendComparison.expectAgreement(openblas, tolerance: dtype == .float32 ? 1e-6 : 0, "sigmoid of special values") {
            $0.linearActivation(special, weight: one, bias: nil, sigmoid)
        }
        let y = openblas.linearActivation(special, weight: one, bias: nil, sigmoid).doubles
        #expect(y[3].isNaN && y[5] < 1e-30 && y[6] == 1 && y[1] == 0.5 && y[2] == 0.5, "\(y)")
        #expect(nativeRuns() >= before + 4)
    }

    @Test(arguments: [DType.float32, .float64])
    func reluAndItsGradientAreTheReferencesBitForBit(_ dtype: DType) throws {
        guard let openblas = BackendComparison.strictOpenBLAS() else { return }
        let x = Self.specialValues(dtype)
        let dy = Tensor([1, 2, .nan, 4, -5, .infinity, 7, 8, -9, 10], shape: [2, 5], dtype: dtype)
        for (label, got, expected) in [
            ("relu", openblas.activation(x, Self.relu), ReferenceBackend.shared.activation(x, Self.relu)),
            ("relu gradient", openblas.activationBackward(x, dy, Self.relu), ReferenceBackend.shared.activationBackward(x, dy, Self.relu)),
        ] {
            #expect(got.dtype == dtype && got.shape == [2, 5])
            for (g, e) in zip(got.doubles, expected.doubles) {
                #expect(g.bitPattern == e.bitPattern || (g.isNaN && e.isNaN), "\(label): \(got.doubles) vs \(expected.doubles)")
            }
        }
        // relu(NaN) is NaN; the gradient is dy where x > 0, and 0 · dy elsewhere (NaN for dy = ∞).
        #expect(openblas.activation(x, Self.relu).doubles[3].isNaN)
        #expect(openblas.usage.contains { $0.kernel == .activationBackward && $0.native > 0 })
    }

    @Test func reluWithParametersIsLeftToTheComposition() throws {
        guard let openblas = BackendComparison.strictOpenBLAS()?.withFallback(.allow) else { return }
        let x = randomTensor([4, 6], dtype: .float32, low: -2, high: 2, seed: 5)
        let w = randomTensor([6, 3], dtype: .float32, seed: 6)
        let leaky = ActivationParameters(op: .relu, alpha: 0.2)
        func nativeRuns() -> Int { openblas.usage.first { $0.kernel == .linearActivation && $0.op == ActivationOp.relu.rawValue }?.native ?? 0 }
        let before = nativeRuns()
        let got = openblas.linearActivation(x, weight: w, bias: nil, leaky)
        #expect(nativeRuns() == before)
        let expected = ReferenceBackend.shared.linearActivation(x, weight: w, bias: nil, leaky)
        for (g, e) in zip(got.doubles, expected.doubles) { #expect(abs(g - e) <= 1e-5 * (1 + abs(e))) }
    }
}
