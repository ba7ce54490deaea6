import Foundation
import Testing
import Keras
@testable import KerasCore

/// The plugins' `optimizer_update` kernel (OpenBLAS and oneDNN share it) against the host's
/// Swift loops: the same bits after several steps, for every update it runs.
@Suite struct OptimizerKernelTests {
    enum Case: String, CaseIterable, CustomStringConvertible {
        case sgd, momentum, nesterov, rmsprop, rmspropCenteredMomentum, adam, amsgrad
        var description: String { rawValue }
    }

    /// Three steps of `c` on a (37, 29) float32 variable; its values and its slots' after.
    func run(_ c: Case, on backend: any Backend) -> [[Double]] {
        let shape = [37, 29]
        let w = Variable(randomTensor(shape, dtype: .float32, seed: 1))
        let slots = (0..<3).map { _ in Variable(Tensor(shape: shape, repeating: 0, dtype: .float32)) }
        ActiveBackend.withBackend(backend) {
            for step in 0..<3 {
                let g = randomTensor(shape, dtype: .float32, low: -2, high: 2, seed: 10 + UInt64(step))
                switch c {
                case .sgd: FusedUpdate.sgd(g, w, learningRate: 0.01)
                case .momentum: FusedUpdate.sgd(g, w, momentum: slots[0], learningRate: 0.01, momentum: 0.9, nesterov: false)
                case .nesterov: FusedUpdate.sgd(g, w, momentum: slots[0], learningRate: 0.01, momentum: 0.9, nesterov: true)
                case .rmsprop: FusedUpdate.rmsprop(g, w, velocity: slots[0], learningRate: 1e-3, rho: 0.9, epsilon: 1e-7)
                case .rmspropCenteredMomentum:
                    FusedUpdate.rmsprop(g, w, velocity: slots[0], averageGradient: slots[1], momentum: slots[2], learningRate: 1e-3,
                                        rho: 0.9, momentum: 0.5, epsilon: 1e-7)
                case .adam, .amsgrad:
                    let t = Double(step + 1)
                    let correction = Double(Float(1 - pow(Double(Float(0.999)), t)).squareRoot() / Float(1 - pow(Double(Float(0.9)), t)))
                    FusedUpdate.adam(g, w, momentum: slots[0], velocity: slots[1], velocityHat: c == .amsgrad ? slots[2] : nil,
                                     learningRate: 1e-3, correction: correction, beta1: 0.9, beta2: 0.999, epsilon: 1e-7,
                                     step: step + 1)
                }
            }
        }
        return ([w] + slots).map(\.numpy.doubles)
    }

    @Test(arguments: Case.allCases)
    func pluginKernelsEqualTheSwiftLoopsBitForBit(_ c: Case) throws {
        let plugins = [BackendComparison.strictOpenBLAS(), BackendComparison.strictOneDNN()].compactMap { $0 }
        #expect(plugins.count == 2)
        let expected = run(c, on: ReferenceBackend.shared)
        #expect(expected[0] != randomTensor([37, 29], dtype: .float32, seed: 1).doubles)   // the variable moved
        for plugin in plugins {
            let got = run(c, on: plugin)
            for (k, (a, b)) in zip(got, expected).enumerated() {
                let differing = zip(a, b).filter { $0 != $1 }.count
                let largest = zip(a, b).map { abs($0 - $1) }.max() ?? 0
                #expect(differing == 0, "\(plugin.name), \(c) tensor \(k): \(differing) of \(a.count) elements differ, by up to \(largest)")
            }
            #expect(plugin.usage.contains { $0.kernel == .optimizerUpdate && $0.native > 0 }, "\(plugin.name) did not run it")
        }
    }
}
