import Testing
@testable import Keras

/// The optimizers write into a variable's own buffer only when nothing else holds it, and
/// `fit`'s step releases the recorded graph (which holds the weights' values) before the update,
/// so training updates the weights in place. (`FusedUpdateTests` checks the arithmetic.)
@Suite struct InPlaceOptimizerUpdateTests {
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
