import Testing
@testable import Keras

@Suite struct TerminateOnNaNTests {
    /// The training data with a NaN in sample 4, which is in batch 2 (batches of 2, unshuffled).
    var poisoned: Tensor {
        var values = TrainingFixtures.x.doubles
        values[8] = .nan
        return Tensor(values, shape: [8, 2], dtype: .float32)
    }

    @Test func stopsAtTheBadBatchAndKeepsTheWeightsFromBeforeIt() throws {
        let model = try TrainingFixtures.linearModel(optimizer: SGD(learningRate: 0.01, momentum: 0.9))
        var afterBatch1: [Double] = []
        let watcher = LambdaCallback(onTrainBatchEnd: { batch, _ in
            if batch == 1 { afterBatch1 = TrainingFixtures.flatWeights(model) }
        })
        let guardNaN = TerminateOnNaN()
        let history = try model.fit(poisoned, TrainingFixtures.y, batchSize: 2, epochs: 3, verbose: 0,
                                    callbacks: [watcher, guardNaN], shuffle: false)
        #expect(guardNaN.stoppedAt?.epoch == 0)
        #expect(guardNaN.stoppedAt?.batch == 2)
        #expect(history.epoch == [0])
        #expect(history.history["loss"]![0].isNaN)
        let weights = TrainingFixtures.flatWeights(model)
        #expect(weights.allSatisfy { $0.isFinite })
        #expect(weights == afterBatch1)
        // The optimizer went back too: two completed steps, finite momentum.
        #expect(model.optimizer!.iterations == 2)
        #expect(model.optimizer!.slots.flatMap(\.numpy.doubles).allSatisfy { $0.isFinite })
    }

    @Test func raiseErrorThrowsAfterRestoring() throws {
        let model = try TrainingFixtures.linearModel()
        #expect {
            try model.fit(poisoned, TrainingFixtures.y, batchSize: 2, epochs: 1, verbose: 0,
                          callbacks: [TerminateOnNaN(raiseError: true)], shuffle: false)
        } throws: { error in
            (error as? KerasError)?.message.contains("batch 2") == true
        }
        #expect(TrainingFixtures.flatWeights(model).allSatisfy { $0.isFinite })
    }
}
