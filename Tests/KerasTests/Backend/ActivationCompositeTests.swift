import Foundation
import Testing
@testable import Keras

/// The fused activations composed from primitives (`Backend.activation`,
/// `activationBackward`, `linearActivation`'s defaults, what the reference backend runs):
/// hand-computed values and slopes, Keras's relu parameter combinations and kinks, float32 and
/// float64.
@Suite struct ActivationCompositeTests {
    static let x: [Double] = [-2, -0.5, 0, 0.5, 2, 7]
    let reference = ReferenceBackend.shared

    /// Checks `activation` and `activationBackward` (with `dy = 1`) against `values` and
    /// `slopes`, in both float dtypes.
    private func expectComposite(_ p: ActivationParameters, values: [Double], slopes: [Double],
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        for dtype in [DType.float64, .float32] {
            let x = Tensor(Self.x, shape: [2, 3], dtype: dtype)
            let y = reference.activation(x, p)
            #expect(y.dtype == dtype && y.shape == [2, 3], sourceLocation: sourceLocation)
            let tolerance = dtype == .float32 ? 1e-6 : 1e-13
            expectElements(y, values, tolerance: tolerance, sourceLocation: sourceLocation)
            let ones = Tensor([Double](repeating: 1, count: 6), shape: [2, 3], dtype: dtype)
            expectElements(reference.activationBackward(x, ones, p), slopes, tolerance: tolerance, sourceLocation: sourceLocation)
        }
    }

    @Test func linearIsTheIdentityWithSlopeOne() {
        expectComposite(ActivationParameters(op: .linear), values: Self.x, slopes: [1, 1, 1, 1, 1, 1])
    }

    @Test func reluHasSlopeZeroAtZero() {
        expectComposite(ActivationParameters(op: .relu), values: [0, 0, 0, 0.5, 2, 7], slopes: [0, 0, 0, 1, 1, 1])
    }

    @Test func leakyReluHasSlopeAlphaAtZero() {
        expectComposite(ActivationParameters(op: .relu, alpha: 0.1),
                        values: [-0.2, -0.05, 0, 0.5, 2, 7], slopes: [0.1, 0.1, 0.1, 1, 1, 1])
    }

    @Test func relu6PassesNothingAtZeroOrSix() {
        let x = Tensor([0, 3, 6, 7], shape: [4], dtype: .float64)
        let p = ActivationParameters(op: .relu, maxValue: 6)
        expectElements(reference.activation(x, p), [0, 3, 6, 6])
        expectElements(reference.activationBackward(x, Tensor([1, 1, 1, 1], shape: [4], dtype: .float64), p), [0, 1, 0, 0])
        expectComposite(p, values: [0, 0, 0, 0.5, 2, 6], slopes: [0, 0, 0, 1, 1, 0])
    }

    @Test func reluCapOtherThanSixPassesTheGradientAtTheCap() {
        // clip_by_value(relu(x), 0, 2): the gradient passes at x = 2 itself
        expectComposite(ActivationParameters(op: .relu, maxValue: 2), values: [0, 0, 0, 0.5, 2, 2], slopes: [0, 0, 0, 1, 1, 0])
    }

    @Test func reluThresholdKeepsValuesStrictlyAbove() {
        expectComposite(ActivationParameters(op: .relu, threshold: 0.5), values: [0, 0, 0, 0, 2, 7], slopes: [0, 0, 0, 0, 1, 1])
    }

    @Test func reluAlphaWithThreshold() {
        // x·[x > 0.5] − 0.3·relu(0.5 − x); slope [x > 0.5] + 0.3·[x < 0.5]
        expectComposite(ActivationParameters(op: .relu, alpha: 0.3, threshold: 0.5),
                        values: [-0.75, -0.3, -0.15, 0, 2, 7], slopes: [0.3, 0.3, 0.3, 0, 1, 1])
    }

    @Test func reluAlphaWithRelu6Cap() {
        // min(relu(x), 6) − 0.2·relu(−x)
        expectComposite(ActivationParameters(op: .relu, alpha: 0.2, maxValue: 6),
                        values: [-0.4, -0.1, 0, 0.5, 2, 6], slopes: [0.2, 0.2, 0, 1, 1, 0])
    }

    @Test func reluAllThreeParameters() {
        // clip(x·[x > −1], 0, 1.5) − 0.2·relu(−1 − x)
        expectComposite(ActivationParameters(op: .relu, alpha: 0.2, maxValue: 1.5, threshold: -1),
                        values: [-0.2, 0, 0, 0.5, 1.5, 1.5], slopes: [0.2, 0, 1, 1, 0, 0])
    }

    @Test func eluAndSelu() {
        let elu = Self.x.map { $0 > 0 ? $0 : 0.5 * (exp($0) - 1) }
        let eluSlope = Self.x.map { $0 > 0 ? 1 : 0.5 * exp($0) }
        expectComposite(ActivationParameters(op: .elu, alpha: 0.5), values: elu, slopes: eluSlope)
        let (a, s) = (1.6732632423543772, 1.0507009873554805)
        expectComposite(ActivationParameters(op: .selu), values: Self.x.map { s * ($0 > 0 ? $0 : a * (exp($0) - 1)) },
                        slopes: Self.x.map { s * ($0 > 0 ? 1 : a * exp($0)) })
        // selu(1) = 1.0507, selu(−1) = −1.1113
        expectElements(reference.activation(Tensor([1, -1]), ActivationParameters(op: .selu)), [1.0507009873554805, -1.1113307378125625])
    }

    @Test func geluExactAndTanhApproximation() {
        let cdf = { (x: Double) in 0.5 * (1 + erf(x / 2.0.squareRoot())) }
        let pdf = { (x: Double) in exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
        expectComposite(ActivationParameters(op: .gelu), values: Self.x.map { $0 * cdf($0) },
                        slopes: Self.x.map { cdf($0) + $0 * pdf($0) })
        let c = (2 / Double.pi).squareRoot()
        let t = { (x: Double) in Foundation.tanh(c * (x + 0.044715 * x * x * x)) }
        expectComposite(ActivationParameters(op: .geluTanh), values: Self.x.map { 0.5 * $0 * (1 + t($0)) },
                        slopes: Self.x.map { x in 0.5 * (1 + t(x)) + 0.5 * x * (1 - t(x) * t(x)) * c * (1 + 3 * 0.044715 * x * x) })
        // gelu(1) = 0.841345, its tanh form 0.841192
        expectElements(reference.activation(Tensor([1]), ActivationParameters(op: .gelu)), [0.8413447460685429])
        expectElements(reference.activation(Tensor([1]), ActivationParameters(op: .geluTanh)), [0.8411919906082768])
    }

    @Test func siluSigmoidTanhSoftplus() {
        let sigmoid = { (x: Double) in 1 / (1 + exp(-x)) }
        expectComposite(ActivationParameters(op: .silu), values: Self.x.map { $0 * sigmoid($0) },
                        slopes: Self.x.map { sigmoid($0) * (1 + $0 * (1 - sigmoid($0))) })
        expectComposite(ActivationParameters(op: .sigmoid), values: Self.x.map(sigmoid),
                        slopes: Self.x.map { sigmoid($0) * (1 - sigmoid($0)) })
        expectComposite(ActivationParameters(op: .tanh), values: Self.x.map { Foundation.tanh($0) },
                        slopes: Self.x.map { 1 - Foundation.tanh($0) * Foundation.tanh($0) })
        expectComposite(ActivationParameters(op: .softplus), values: Self.x.map { log(1 + exp($0)) }, slopes: Self.x.map(sigmoid))
    }

    @Test func backwardScalesTheIncomingGradient() {
        let x = Tensor([-1, 2], shape: [2], dtype: .float64)
        let dy = Tensor([3, -4], shape: [2], dtype: .float64)
        expectElements(reference.activationBackward(x, dy, ActivationParameters(op: .relu, alpha: 0.5)), [1.5, -4])
    }

    @Test func linearActivationIsLinearThenActivation() {
        for dtype in [DType.float64, .float32] {
            let x = Tensor([1, -2, 0.5, 3, -1, 2], shape: [3, 2], dtype: dtype)
            let w = Tensor([0.5, -1, 2, 1], shape: [2, 2], dtype: dtype)
            let b = Tensor([0.25, -0.5], shape: [2], dtype: dtype)
            // x·w + b = [[-3.25, -3.5], [6.5, 2], [3.75, 2.5]]
            let p = ActivationParameters(op: .relu, maxValue: 3)
            expectElements(reference.linearActivation(x, weight: w, bias: b, p), [0, 0, 3, 2, 3, 2.5], shape: [3, 2])
            expectElements(reference.linearActivation(x, weight: w, bias: nil, ActivationParameters(op: .linear)),
                           [-3.5, -3, 6.25, 2.5, 3.5, 3], shape: [3, 2])
        }
    }
}
