import Foundation
import Testing
@testable import Keras

/// The schedules against Keras 3's formulas (computed in float32, so compared within 1e-6
/// relative), their configs, and their use as an optimizer's learning rate.
@Suite struct LearningRateScheduleTests {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(abs(b), 1e-3) }

    @Test func exponentialDecay() throws {
        let smooth = try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96)
        #expect(close(smooth(step: 0), 0.1))
        #expect(close(smooth(step: 500), 0.1 * pow(0.96, 0.5)))
        let stairs = try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96, staircase: true)
        #expect(close(stairs(step: 2500), 0.1 * 0.96 * 0.96))
        #expect(stairs(step: 999) == Double(Float(0.1)))
        #expect(throws: KerasError.self) { try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5) }
    }

    @Test func piecewiseConstantDecay() throws {
        let schedule = try PiecewiseConstantDecay(boundaries: [100_000, 110_000], values: [1.0, 0.5, 0.1])
        #expect(schedule(step: 0) == 1)
        #expect(schedule(step: 100_000) == 1)
        #expect(schedule(step: 100_001) == 0.5)
        #expect(schedule(step: 110_000) == 0.5)
        #expect(schedule(step: 110_001) == Double(Float(0.1)))
        #expect(throws: KerasError.self) { try PiecewiseConstantDecay(boundaries: [1, 2], values: [1, 2]) }
    }

    @Test func cosineDecayWithAndWithoutWarmup() throws {
        let cosine = try CosineDecay(initialLearningRate: 0.1, decaySteps: 1000)
        #expect(close(cosine(step: 0), 0.1))
        #expect(close(cosine(step: 500), 0.05))
        #expect(close(cosine(step: 250), 0.05 * (1 + cos(Double.pi / 4))))
        #expect(abs(cosine(step: 2000)) < 1e-9)
        let floor = try CosineDecay(initialLearningRate: 0.1, decaySteps: 1000, alpha: 0.1)
        #expect(close(floor(step: 1000), 0.01))
        #expect(close(floor(step: 500), 0.1 * (0.9 * 0.5 + 0.1)))
        let warm = try CosineDecay(initialLearningRate: 0, decaySteps: 1000, warmupTarget: 0.1, warmupSteps: 100)
        #expect(close(warm(step: 50), 0.05))
        #expect(close(warm(step: 100), 0.1))
        #expect(close(warm(step: 600), 0.05))
        #expect(abs(warm(step: 5000)) < 1e-9)
    }

    @Test func inverseTimeAndPolynomialDecay() throws {
        let inverse = try InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5)
        #expect(close(inverse(step: 2), 0.05))
        let stairs = try InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5, staircase: true)
        #expect(close(stairs(step: 3), 0.1 / 1.5))
        let poly = try PolynomialDecay(initialLearningRate: 0.1, decaySteps: 10_000, endLearningRate: 0.01, power: 0.5)
        #expect(close(poly(step: 2500), 0.09 * 0.75.squareRoot() + 0.01))
        #expect(close(poly(step: 20_000), 0.01))
        let cycling = try PolynomialDecay(initialLearningRate: 0.1, decaySteps: 10_000, endLearningRate: 0.01, power: 0.5, cycle: true)
        #expect(close(cycling(step: 15_000), 0.055))
        #expect(close(cycling(step: 0), 0.1))
    }

    @Test func anOptimizersConfigCarriesTheSchedule() throws {
        let schedule = try CosineDecay(initialLearningRate: 0.1, decaySteps: 1000, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 10)
        let config = SGD(learningRate: .schedule(schedule), momentum: 0.9).getConfig()
        let rate = try #require(config["learning_rate"])
        #expect(rate["module"]?.stringValue == "keras.optimizers.schedules")
        #expect(rate["class_name"]?.stringValue == "CosineDecay")
        #expect(rate["config"]?["warmup_target"]?.doubleValue == 0.2)
        let restored = try Optimizer.fromConfig(.object(["class_name": .string("SGD"), "config": .object(config)]))
        guard case .schedule(let back) = restored.learningRate else {
            Issue.record("expected a schedule, got \(restored.learningRate)")
            return
        }
        for step in [0, 5, 10, 500, 1010, 5000] { #expect(back(step: step) == schedule(step: step)) }
    }

    @Test func readsKerasSerializedSchedules() throws {
        // As `keras.optimizers.serialize(SGD(learning_rate=ExponentialDecay(0.1, 100, 0.5, True)))` writes it.
        let json: JSONValue = .object([
            "class_name": .string("SGD"),
            "config": .object([
                "name": .string("SGD"), "momentum": .number(0), "nesterov": .bool(false),
                "learning_rate": .object([
                    "module": .string("keras.optimizers.schedules"), "class_name": .string("ExponentialDecay"),
                    "config": .object(["initial_learning_rate": .number(0.1), "decay_steps": .number(100),
                                       "decay_rate": .number(0.5), "staircase": .bool(true), "name": .string("ExponentialDecay")]),
                    "registered_name": .null,
                ]),
            ]),
        ])
        let optimizer = try Optimizer.fromConfig(json)
        #expect(optimizer.learningRate.value(at: 250) == Double(Float(0.1) * 0.25))
        let unknown: JSONValue = .object(["class_name": .string("Nope"), "config": .object([:])])
        #expect(throws: KerasError.self) { try LearningRateSchedules.fromConfig(unknown) }
    }

    @Test func trainingFollowsTheScheduleStepByStep() throws {
        // 0.1 for steps 0 and 1, then 0: the weights stop changing after two updates.
        let schedule = try PiecewiseConstantDecay(boundaries: [1], values: [0.1, 0])
        let model = try TrainingFixtures.linearModel(optimizer: SGD(learningRate: .schedule(schedule)))
        var snapshots: [[Double]] = []
        for _ in 0..<4 {
            _ = try model.trainOnBatch(TrainingFixtures.x, TrainingFixtures.y)
            snapshots.append(TrainingFixtures.flatWeights(model))
        }
        #expect(snapshots[0] != snapshots[1])
        #expect(snapshots[1] == snapshots[2])
        #expect(snapshots[2] == snapshots[3])
    }
}
