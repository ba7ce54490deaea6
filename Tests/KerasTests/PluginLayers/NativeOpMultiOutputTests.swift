import Foundation
import Testing
import Keras
@testable import KerasCore

/// A native op with several outputs is one node of the autodiff graph: its backward kernel runs
/// once per backward pass with the upstream gradients of all its outputs.
@Suite(.serialized) struct NativeOpMultiOutputTests {
    /// Loads the two-output fixture once; returns its backward-call counter.
    static func load() -> (@convention(c) () -> Int32)? {
        guard let path = PluginFixtures.built("TestPluginMultiOutputOp") else { return nil }
        if PluginComponentRegistry.nativeOp(named: "fixture_square_and_double") == nil {
            do { try PluginRegistry.shared.load(path: path) } catch {
                Issue.record("loading \(path): \(error)")
                return nil
            }
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD), let symbol = dlsym(handle, "fixture_backward_calls") else {
            Issue.record("\(path) has no fixture_backward_calls")
            return nil
        }
        return unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)
    }

    /// `Σ a·x² + Σ b·2x` through the native op's two outputs (float32 and float64).
    static func loss(_ x: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let outputs = try K.nativeOp("fixture_square_and_double", [x])
        return K.sum(outputs[0] * a) + K.cast(K.sum(outputs[1] * b), .float32)
    }

    @Test func backwardRunsOnceWithEveryUpstreamGradient() throws {
        guard let backwardCalls = Self.load() else { return }
        let x = K.randomUniform([3, 4], minval: -1, maxval: 1, seed: 31)
        let a = K.randomUniform([3, 4], minval: -1, maxval: 1, seed: 32)
        let b = K.cast(K.randomUniform([3, 4], minval: -1, maxval: 1, seed: 33), .float64)

        let outputs = try K.nativeOp("fixture_square_and_double", [x])
        #expect(outputs.map(\.dtype) == [.float32, .float64])
        #expect(outputs[0].doubles == K.square(x).doubles)

        let before = backwardCalls()
        let tape = GradientTape()
        let watched = tape.watch(x)
        let loss = try tape.record { try Self.loss(watched, a, b) }
        let analytic = tape.gradient(loss, [watched])[0]
        #expect(backwardCalls() - before == 1, "backward ran \(backwardCalls() - before) times")

        // d/dx = 2·a·x + 2·b, and central differences agree.
        let expected = zip(zip(x.doubles, a.doubles), b.doubles).map { 2 * $0.0 * $0.1 + 2 * $1 }
        #expect(zip(analytic.doubles, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "\(analytic.doubles) vs \(expected)")
        let numeric = try SeedLayersFixture.finiteDifferences(x, step: 1e-2) { probe in try Self.loss(probe, a, b).doubles[0] }
        #expect(zip(numeric, analytic.doubles).allSatisfy { abs($0 - $1) < 2e-3 }, "\(numeric) vs \(analytic.doubles)")

        // Only one output used: still one call, and the other output's upstream is zero.
        let before2 = backwardCalls()
        let tape2 = GradientTape()
        let watched2 = tape2.watch(x)
        let onlySquares = try tape2.record { K.sum(try K.nativeOp("fixture_square_and_double", [watched2])[0] * a) }
        let gradient2 = tape2.gradient(onlySquares, [watched2])[0].doubles
        #expect(backwardCalls() - before2 == 1)
        #expect(zip(gradient2, zip(x.doubles, a.doubles).map { 2 * $0 * $1 }).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
