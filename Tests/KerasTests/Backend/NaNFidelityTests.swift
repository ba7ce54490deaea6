import Foundation
import Testing
@testable import Keras

/// NaN propagation and softplus accuracy on every backend, as TensorFlow gives them (ABI 1.2's
/// contract in keras_plugin.h): `relu`, `maximum` and `minimum` of a NaN are NaN — a NaN in the
/// data must not vanish into a finite loss — and softplus of a large negative input is the tiny
/// positive `exp(x)`, never negative.
private let nan = Double.nan

@Suite("NaN and softplus on every backend")
struct NaNFidelityTests {
    /// The reference backend and every plugin backend that is built.
    static var backends: [any Backend] {
        var result: [any Backend] = [ReferenceBackend.shared]
        for name in ["openblas", "onednn"] {
            if let backend = try? BackendRegistry.backend(named: name, fallback: .allow) { result.append(backend) }
        }
        return result
    }


    static func name(_ backend: any Backend) -> String {
        ActiveBackend.withBackend(backend) { K.backendName() }
    }

    /// Elements equal, NaN matching NaN.
    static func expectSame(_ got: [Double], _ expected: [Double], _ label: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == expected.count, "\(label): \(got)", sourceLocation: sourceLocation)
        for (g, e) in zip(got, expected) {
            #expect(g == e || (g.isNaN && e.isNaN), "\(label): got \(got), expected \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func reluPropagatesNaN(dtype: DType) {
        let x = Tensor([nan, -1, 0, 2, nan, -3, 4, 5, 6], shape: [9], dtype: dtype)
        for backend in Self.backends {
            let name = Self.name(backend)
            ActiveBackend.withBackend(backend) {
                Self.expectSame(K.relu(x).doubles, [nan, 0, 0, 2, nan, 0, 4, 5, 6], "\(name) relu \(dtype)")
                Self.expectSame(K.relu(x, alpha: 0.5).doubles, [nan, -0.5, 0, 2, nan, -1.5, 4, 5, 6], "\(name) leaky relu \(dtype)")
                Self.expectSame(K.relu(x, maxValue: 3).doubles, [nan, 0, 0, 2, nan, 0, 3, 3, 3], "\(name) relu6-like \(dtype)")
                let relu: Activation = .relu
                Self.expectSame(relu(x).doubles, [nan, 0, 0, 2, nan, 0, 4, 5, 6], "\(name) activation relu \(dtype)")
            }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func maximumAndMinimumPropagateNaN(dtype: DType) {
        let a = Tensor([nan, 1, nan, -2, 3, 0, 7, -7], shape: [8], dtype: dtype)
        let b = Tensor([0, nan, nan, -3, 4, 0, 6, -6], shape: [8], dtype: dtype)
        let zero = Tensor(scalar: 0, dtype: dtype)
        for backend in Self.backends {
            let name = Self.name(backend)
            ActiveBackend.withBackend(backend) {
                Self.expectSame(K.maximum(a, b).doubles, [nan, nan, nan, -2, 4, 0, 7, -6], "\(name) maximum \(dtype)")
                Self.expectSame(K.minimum(a, b).doubles, [nan, nan, nan, -3, 3, 0, 6, -7], "\(name) minimum \(dtype)")
                Self.expectSame(K.maximum(a, zero).doubles, [nan, 1, nan, 0, 3, 0, 7, 0], "\(name) maximum with 0 \(dtype)")
                Self.expectSame(K.minimum(zero, a).doubles, [nan, 0, nan, -2, 0, 0, 0, -7], "\(name) minimum with 0 \(dtype)")
            }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func softplusIsAccurateForLargeNegativeInputs(dtype: DType) {
        let inputs: [Double] = [-100, -50, -30, -20, -10, 0, 10, 30, 100]
        let x = Tensor(inputs, shape: [inputs.count], dtype: dtype)
        for backend in Self.backends {
            let got = ActiveBackend.withBackend(backend) { K.softplus(x).doubles }
            for (value, y) in zip(inputs, got) {
                // log1p(exp(x)) for x < 0, x + log1p(exp(-x)) otherwise; exact enough in Double.
                let expected = value < 0 ? Foundation.log1p(Foundation.exp(value)) : value + Foundation.log1p(Foundation.exp(-value))
                let tolerance = dtype == .float32 ? 1e-5 : 1e-12
                #expect(y >= 0, "\(Self.name(backend)) softplus(\(value)) = \(y) is negative (\(dtype))")
                #expect(abs(y - expected) <= tolerance * max(abs(expected), Double(Float.leastNormalMagnitude)) || abs(y - expected) < 1e-37,
                        "\(Self.name(backend)) softplus(\(value)) = \(y), expected \(expected) (\(dtype))")
            }
            let nanOut = ActiveBackend.withBackend(backend) { K.softplus(Tensor([nan], shape: [1], dtype: dtype)).doubles }
            #expect(nanOut[0].isNaN, "\(Self.name(backend)) softplus(NaN) = \(nanOut[0])")
        }
    }

    @Test func reluGradientAtNaNIsNaNOrZeroButTheLossSeesTheNaN() throws {
        // A NaN in the data reaches the reported loss instead of turning into a finite number.
        for backend in Self.backends {
            try ActiveBackend.withBackend(backend) {
                let model = try Sequential([Dense(2, activation: .relu, inputDim: 2), Dense(1)])
                try model.compile(optimizer: SGD(), loss: .meanSquaredError)
                let x = Tensor([[.nan, 1], [2, 3]] as [[Float]])
                let y = Tensor([[1], [2]] as [[Float]])
                let loss = try model.evaluate(x, y, verbose: 0)["loss"] ?? 0
                #expect(loss.isNaN, "\(Self.name(backend)): the loss with a NaN input is \(loss)")
            }
        }
    }
}
