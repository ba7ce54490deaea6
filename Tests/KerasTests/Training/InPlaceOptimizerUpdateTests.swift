import Testing
@testable import Keras

/// The fused in-place updates of SGD, RMSprop and Adam give bit-identical results to the `K`
/// formulation, and write into the variable's own buffer only when nothing else holds it.
@Suite struct InPlaceOptimizerUpdateTests {
    /// Runs 5 steps of `make()` on a [3, 4] variable with fixed gradients, fused or through `K`;
    /// returns the weights and every slot (sorted by name).
    func run(_ make: () -> Optimizer, fused: Bool, dtype: DType) -> [[Double]] {
        let optimizer = make()
        optimizer.usesFusedUpdates = fused
        let w = Variable(K.cast(K.randomNormal([3, 4], seed: 7), dtype), name: "w")
        for step in 0..<5 {
            let g = K.cast(K.randomNormal([3, 4], seed: 100 + step), dtype)
            optimizer.apply([g], to: [w])
        }
        return [w.numpy.doubles] + optimizer.slots.sorted { $0.name < $1.name }.map(\.numpy.doubles)
    }

    static let optimizers: [(String, @Sendable () -> Optimizer)] = [
        ("sgd", { SGD(learningRate: 0.1) }),
        ("sgd-momentum", { SGD(learningRate: 0.1, momentum: 0.9) }),
        ("sgd-nesterov", { SGD(learningRate: 0.1, momentum: 0.9, nesterov: true) }),
        ("rmsprop", { RMSprop(learningRate: 0.01) }),
        ("rmsprop-centered-momentum", { RMSprop(learningRate: 0.01, momentum: 0.5, centered: true) }),
        ("adam", { Adam(learningRate: 0.01) }),
        ("adam-amsgrad", { Adam(learningRate: 0.01, amsgrad: true) }),
        ("adamw", { AdamW(learningRate: 0.01) }),
    ]

    @Test(arguments: optimizers.indices)
    func fusedUpdateIsBitIdenticalToTheKFormulation(_ index: Int) {
        let (name, make) = Self.optimizers[index]
        for dtype in [DType.float32, .float64] {
            let fused = run(make, fused: true, dtype: dtype), reference = run(make, fused: false, dtype: dtype)
            #expect(fused.count == reference.count, "\(name) \(dtype)")
            #expect(fused == reference, "\(name) \(dtype)")
        }
    }

    @Test func updatesInPlaceOnlyWhenTheBufferIsNotShared() {
        let optimizer = SGD(learningRate: 0.5)
        let w = Variable(Tensor([1, 2, 3]), name: "w")
        let g = Tensor([2, 2, 2])
        let before = ObjectIdentifier(w.numpy.storage)
        optimizer.apply([g], to: [w])
        #expect(ObjectIdentifier(w.numpy.storage) == before)
        #expect(w.numpy.doubles == [0, 1, 2])
        // A held snapshot keeps its values: the update writes a new buffer.
        let snapshot = w.numpy
        optimizer.apply([g], to: [w])
        #expect(snapshot.doubles == [0, 1, 2])
        #expect(w.numpy.doubles == [-1, 0, 1])
        #expect(ObjectIdentifier(w.numpy.storage) != ObjectIdentifier(snapshot.storage))
    }

    @Test func fitUpdatesTheWeightsInPlace() throws {
        let model = try TrainingFixtures.linearModel(optimizer: RMSprop(learningRate: 0.01))
        _ = try model.trainOnBatch(TrainingFixtures.x, TrainingFixtures.y)
        let buffers = model.weights.map { ObjectIdentifier($0.numpy.storage) }
        _ = try model.trainOnBatch(TrainingFixtures.x, TrainingFixtures.y)
        #expect(model.weights.map { ObjectIdentifier($0.numpy.storage) } == buffers)
    }
}
