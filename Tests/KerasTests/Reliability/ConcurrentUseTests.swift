import Dispatch
import Synchronization
import Testing
@testable import Keras

/// `K`, the autodiff tape and training used from several threads at once on the reference
/// backend give the same numbers as one thread — the suite ThreadSanitizer runs
/// (`scripts/sanitize.sh thread`).
@Suite("Concurrent use")
struct ConcurrentUseTests {
    /// One worker's computation: a product, its gradient, a reduction.
    static func work(_ seed: Int) -> [Double] {
        let a = Tensor((0..<64).map { Float(($0 * 7 + seed) % 13) / 13 }, shape: [8, 8])
        let b = Tensor((0..<64).map { Float(($0 * 5 + seed) % 11) / 11 }, shape: [8, 8])
        let tape = GradientTape()
        let w = Variable(b)
        let loss: Tensor = tape.record { K.sum(K.relu(K.dot(a, w.value))) }
        let gradient = tape.gradient(loss, [w])[0]
        return [loss.item] + K.sum(gradient, axis: 0).doubles
    }

    @Test func kernelsAndGradientsFromManyThreadsMatchOneThread() {
        ActiveBackend.withBackend(ReferenceBackend.shared) {
            let expected = (0..<8).map { Self.work($0) }
            let results = Mutex<[Int: [Double]]>([:])
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                let value = ActiveBackend.withBackend(ReferenceBackend.shared) { Self.work(i) }
                results.withLock { $0[i] = value }
            }
            let got = results.withLock { $0 }
            for i in 0..<8 { #expect(got[i] == expected[i], "worker \(i)") }
        }
    }

    /// A small model trained from fixed weights on fixed data; its losses per epoch.
    static func train(_ seed: Int) throws -> [Double] {
        try ActiveBackend.withBackend(ReferenceBackend.shared) {
            let model = try Sequential([Dense(4, activation: .relu, kernelInitializer: .constant(0.1 * Double(seed + 1)), inputDim: 3),
                                        Dense(1, kernelInitializer: .constant(0.2))])
            try model.compile(optimizer: SGD(learningRate: 0.01), loss: .meanSquaredError)
            let x = Tensor((0..<24).map { Float($0 % 5) / 5 }, shape: [8, 3])
            let y = Tensor((0..<8).map { Float($0 % 3) }, shape: [8, 1])
            let history = try model.fit(x, y, batchSize: 4, epochs: 3, verbose: 0, shuffle: false)
            return history.history["loss"] ?? []
        }
    }

    @Test func modelsTrainedOnSeveralThreadsAtOnceMatchOneThread() throws {
        let expected = try (0..<4).map(Self.train)
        let results = Mutex<[Int: [Double]]>([:])
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let value = try? Self.train(i)
            results.withLock { $0[i] = value }
        }
        let got = results.withLock { $0 }
        for i in 0..<4 { #expect(got[i] == expected[i], "model \(i)") }
    }
}
