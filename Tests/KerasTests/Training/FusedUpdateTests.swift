import Foundation
import Testing
import Keras
@testable import KerasCore

/// The in-place optimizer updates give, bit for bit, what the optimizers' `K` compositions give
/// (the formulas below are those compositions, written out in `K` ops), and they update the
/// variable's own storage.
@Suite("Fused optimizer updates")
struct FusedUpdateTests {
    static let dtypes: [DType] = [.float32, .float64]

    private func variable(_ seed: UInt64, _ dtype: DType) -> Variable {
        Variable(randomTensor([37, 29], dtype: dtype, seed: seed), name: "w")
    }

    private func gradients(_ dtype: DType) -> [Tensor] {
        (0..<3).map { randomTensor([37, 29], dtype: dtype, seed: 100 + UInt64($0)) }
    }

    private func scalar(_ value: Double, _ dtype: DType) -> Tensor { Tensor(scalar: value, dtype: dtype) }

    @Test("RMSprop: fused equals v ← vρ + g²(1−ρ); w ← w − g·lr / sqrt(v + ε)", arguments: dtypes)
    func rmsprop(dtype: DType) {
        let fused = variable(1, dtype), velocity = Variable(Tensor(shape: [37, 29], repeating: 0, dtype: dtype))
        var w = fused.numpy, v = velocity.numpy
        let lr = scalar(Double(Float(0.001)), dtype)
        for g in gradients(dtype) {
            FusedUpdate.rmsprop(g, fused, velocity: velocity, learningRate: lr.item, rho: 0.9, epsilon: 1e-7)
            v = v * 0.9 + K.square(g) * (1 - 0.9)
            w = w - K.divide(K.multiply(g, lr), K.sqrt(v + 1e-7))
        }
        #expect(fused.numpy.doubles == w.doubles)
        #expect(velocity.numpy.doubles == v.doubles)
    }

    @Test("Adam: fused equals the bias-corrected composition over three steps", arguments: dtypes)
    func adam(dtype: DType) {
        let fused = variable(2, dtype)
        let momentum = Variable(Tensor(shape: [37, 29], repeating: 0, dtype: dtype))
        let velocity = Variable(Tensor(shape: [37, 29], repeating: 0, dtype: dtype))
        var w = fused.numpy, m = momentum.numpy, v = velocity.numpy
        let lr = scalar(Double(Float(0.001)), dtype)
        for (step, g) in gradients(dtype).enumerated() {
            let t = Double(step + 1)
            let correction = Double(Float(1 - pow(Double(Float(0.999)), t)).squareRoot() / Float(1 - pow(Double(Float(0.9)), t)))
            FusedUpdate.adam(g, fused, momentum: momentum, velocity: velocity, learningRate: lr.item,
                             correction: correction, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: step + 1)
            m = m + (g - m) * (1 - 0.9)
            v = v + (K.square(g) - v) * (1 - 0.999)
            w = w - K.divide(K.multiply(m, lr * correction), K.sqrt(v) + 1e-7)
        }
        #expect(fused.numpy.doubles == w.doubles)
        #expect(momentum.numpy.doubles == m.doubles)
        #expect(velocity.numpy.doubles == v.doubles)
    }

    @Test("Centered RMSprop with momentum: fused equals the composition", arguments: dtypes)
    func rmspropCenteredMomentum(dtype: DType) {
        let fused = variable(6, dtype)
        let zeros = { Variable(Tensor(shape: [37, 29], repeating: 0, dtype: dtype)) }
        let velocity = zeros(), average = zeros(), momentum = zeros()
        var w = fused.numpy, v = velocity.numpy, a = average.numpy, m = momentum.numpy
        let lr = scalar(Double(Float(0.01)), dtype)
        for g in gradients(dtype) {
            FusedUpdate.rmsprop(g, fused, velocity: velocity, averageGradient: average, momentum: momentum,
                                learningRate: lr.item, rho: 0.9, momentum: 0.5, epsilon: 1e-7)
            v = v * 0.9 + K.square(g) * (1 - 0.9)
            a = a * 0.9 + g * (1 - 0.9)
            let increment = K.divide(K.multiply(g, lr), K.sqrt(v - K.square(a) + 1e-7))
            m = m * 0.5 + increment
            w = w - m
        }
        #expect(fused.numpy.doubles == w.doubles)
        #expect(velocity.numpy.doubles == v.doubles && average.numpy.doubles == a.doubles)
        #expect(momentum.numpy.doubles == m.doubles)
    }

    @Test("Adam with AMSGrad: fused equals the composition with v̂ = max(v̂, v)", arguments: dtypes)
    func adamAMSGrad(dtype: DType) {
        let fused = variable(7, dtype)
        let zeros = { Variable(Tensor(shape: [37, 29], repeating: 0, dtype: dtype)) }
        let momentum = zeros(), velocity = zeros(), velocityHat = zeros()
        var w = fused.numpy, m = momentum.numpy, v = velocity.numpy, vHat = velocityHat.numpy
        let lr = scalar(Double(Float(0.001)), dtype)
        for (step, g) in gradients(dtype).enumerated() {
            let t = Double(step + 1)
            let correction = Double(Float(1 - pow(Double(Float(0.999)), t)).squareRoot() / Float(1 - pow(Double(Float(0.9)), t)))
            FusedUpdate.adam(g, fused, momentum: momentum, velocity: velocity, velocityHat: velocityHat,
                             learningRate: lr.item, correction: correction, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: step + 1)
            m = m + (g - m) * (1 - 0.9)
            v = v + (K.square(g) - v) * (1 - 0.999)
            vHat = K.maximum(vHat, v)
            w = w - K.divide(K.multiply(m, lr * correction), K.sqrt(vHat) + 1e-7)
        }
        #expect(fused.numpy.doubles == w.doubles)
        #expect(velocityHat.numpy.doubles == vHat.doubles)
    }

    @Test("SGD with (Nesterov) momentum: fused equals the composition", arguments: [false, true])
    func sgdMomentum(nesterov: Bool) {
        for dtype in Self.dtypes {
            let fused = variable(3, dtype), slot = Variable(Tensor(shape: [37, 29], repeating: 0, dtype: dtype))
            var w = fused.numpy, m = slot.numpy
            let lr = scalar(Double(Float(0.01)), dtype), mu = scalar(0.9, dtype)
            for g in gradients(dtype) {
                FusedUpdate.sgd(g, fused, momentum: slot, learningRate: lr.item, momentum: 0.9, nesterov: nesterov)
                m = K.multiply(m, mu) - K.multiply(g, lr)
                w = nesterov ? w + K.multiply(m, mu) - K.multiply(g, lr) : w + m
            }
            #expect(fused.numpy.doubles == w.doubles)
            #expect(slot.numpy.doubles == m.doubles)
        }
    }

    @Test("A worked RMSprop step: w=1, g=2, lr=0.1, ρ=0.9, ε=0 gives v=0.4, w=1−0.2/√0.4")
    func workedRMSpropStep() {
        let w = Variable(Tensor([1.0, -1.0], shape: [2], dtype: .float64))
        let v = Variable(Tensor([0.0, 0.0], shape: [2], dtype: .float64))
        FusedUpdate.rmsprop(Tensor([2.0, 0.5], shape: [2], dtype: .float64), w, velocity: v,
                            learningRate: 0.1, rho: 0.9, epsilon: 0)
        let v0 = 0.1 * 4.0, v1 = 0.1 * 0.25
        #expect(abs(v.numpy.doubles[0] - v0) < 1e-15 && abs(v.numpy.doubles[1] - v1) < 1e-15)
        #expect(abs(w.numpy.doubles[0] - (1 - 0.2 / v0.squareRoot())) < 1e-15)
        #expect(abs(w.numpy.doubles[1] - (-1 - 0.05 / v1.squareRoot())) < 1e-15)
    }

    @Test("The update writes the variable's storage in place when nothing else holds it")
    func inPlace() {
        let w = variable(4, .float32)
        let g = randomTensor([37, 29], dtype: .float32, seed: 9)
        FusedUpdate.sgd(g, w, learningRate: 0.1)   // first update may copy the initial storage
        let before = w.update { t in t.withUnsafeMutableBufferPointer(as: Float.self) { $0.baseAddress } }
        FusedUpdate.sgd(g, w, learningRate: 0.1)
        let after = w.update { t in t.withUnsafeMutableBufferPointer(as: Float.self) { $0.baseAddress } }
        #expect(before == after)
    }

    @Test("A value held elsewhere is not changed by an in-place update (copy-on-write)")
    func copyOnWrite() {
        let w = variable(5, .float64)
        let snapshot = w.numpy
        let values = snapshot.doubles
        FusedUpdate.sgd(randomTensor([37, 29], dtype: .float64, seed: 7), w, learningRate: 0.5)
        #expect(snapshot.doubles == values)
        #expect(w.numpy.doubles != values)
    }
}
