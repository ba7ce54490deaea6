import Foundation
import Testing
@testable import Keras

/// AUC against hand computations (pairwise ROC counts; the closed-form PR interpolation).
@Suite struct AUCTests {
    func auc(_ y: [Double], _ p: [Double], weights: [Double]? = nil, curve: AUC.Curve = .roc,
             summation: AUC.SummationMethod = .interpolation) throws -> Double {
        let metric = try AUC(curve: curve, summationMethod: summation)
        metric.updateState(yTrue: Tensor(y, shape: [y.count, 1], dtype: .float32),
                           yPred: Tensor(p, shape: [p.count, 1], dtype: .float32),
                           sampleWeight: weights.map { Tensor($0, shape: [$0.count], dtype: .float32) })
        return metric.result()
    }

    @Test func rocAreaIsTheFractionOfCorrectlyOrderedPairs() throws {
        // Positives {0.3, 0.9} against negatives {0, 0.5}: 3 of 4 pairs ordered.
        #expect(abs(try auc([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]) - 0.75) < 1e-12)
        // A tie counts one half.
        #expect(abs(try auc([0, 1], [0.5, 0.5]) - 0.5) < 1e-12)
        #expect(abs(try auc([1, 0, 1], [0.9, 0.7, 0.3]) - 0.5) < 1e-12)
    }

    @Test func precisionRecallInterpolation() throws {
        // Thresholds between the scores give (TP, P) = (2, 3), (1, 2), (1, 1), (0, 0). The
        // step (2,3)→(1,2) adds (1 − ln 1.5)/2, the step (1,1)→(0,0) adds 1/2.
        let expected = 0.5 + (1 - log(1.5)) / 2
        #expect(abs(try auc([1, 0, 1], [0.9, 0.7, 0.3], curve: .pr) - expected) < 1e-12)
    }

    @Test func minoringAndMajoringSums() throws {
        // PR points (recall, precision): (1, 2/3), (0.5, 0.5), (0.5, 1), (0, 0).
        #expect(abs(try auc([1, 0, 1], [0.9, 0.7, 0.3], curve: .pr, summation: .minoring) - 0.25) < 1e-12)
        #expect(abs(try auc([1, 0, 1], [0.9, 0.7, 0.3], curve: .pr, summation: .majoring) - (1.0 / 3 + 0.5)) < 1e-12)
    }

    @Test func sampleWeightsScaleEachSample() throws {
        // Dropping the positive scored 0.3 leaves one perfectly ordered pair.
        #expect(abs(try auc([1, 0, 1], [0.9, 0.7, 0.3], weights: [1, 1, 0]) - 1) < 1e-12)
    }

    @Test func streamsOverBatchesAndResets() throws {
        let whole = try AUC(), parts = try AUC()
        let y: [Double] = [0, 1, 1, 0, 1, 0], p: [Double] = [0.1, 0.8, 0.35, 0.4, 0.6, 0.7]
        whole.updateState(yTrue: Tensor(y, shape: [6, 1], dtype: .float32), yPred: Tensor(p, shape: [6, 1], dtype: .float32))
        parts.updateState(yTrue: Tensor(Array(y[0..<3]), shape: [3, 1], dtype: .float32),
                          yPred: Tensor(Array(p[0..<3]), shape: [3, 1], dtype: .float32))
        parts.updateState(yTrue: Tensor(Array(y[3...]), shape: [3, 1], dtype: .float32),
                          yPred: Tensor(Array(p[3...]), shape: [3, 1], dtype: .float32))
        // Pairs: positives {0.8, 0.35, 0.6} vs negatives {0.1, 0.4, 0.7}: 0.8 beats 3, 0.35 beats 1, 0.6 beats 2.
        #expect(abs(whole.result() - 6.0 / 9) < 1e-12)
        #expect(parts.result() == whole.result())
        parts.resetState()
        #expect(parts.result() == 0)
    }

    @Test func logitsGoThroughASigmoid() throws {
        let metric = try AUC(fromLogits: true)
        metric.updateState(yTrue: Tensor([0, 0, 1, 1]), yPred: Tensor([-5, 0, -1, 3]))
        #expect(abs(metric.result() - 0.75) < 1e-12)
    }

    @Test func compiledByNameInFit() throws {
        let model = try Sequential([Dense(1, activation: .sigmoid, inputDim: 2)])
        try model.compile(optimizer: SGD(learningRate: 0.1), loss: .binaryCrossentropy(), metrics: ["auc"])
        let labels = Tensor([[0], [1], [0], [1], [0], [1], [0], [1]])
        let history = try model.fit(TrainingFixtures.x, labels, batchSize: 4, epochs: 2, verbose: 0)
        let values = try #require(history.history["auc"])
        #expect(values.count == 2)
        #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(throws: KerasError.self) { try AUC(numThresholds: 1) }
    }
}
