import Foundation
import Testing
import Keras
@testable import KerasCore

/// The step profiler inside a real `fit`: what it records, that it changes nothing, its trace.
@Suite struct StepProfilerTests {
    /// Dense(4, relu) → Dense(1) on 2 features, weights set to fixed values, SGD and MSE.
    func model() throws -> Model {
        let model = try Sequential([
            Dense(4, activation: .relu, kernelInitializer: .constant(0.25), biasInitializer: .constant(0.1), name: "hidden", inputDim: 2),
            Dense(1, kernelInitializer: .constant(-0.5), name: "out"),
        ])
        try model.compile(optimizer: SGD(learningRate: 0.05), loss: .meanSquaredError)
        return model
    }

    func fitted(profile: StepProfiler?) throws -> Model {
        let model = try model()
        // 8 samples at batch 2: 4 steps per epoch, 2 epochs, no shuffling: the same steps each run.
        try model.fit(TrainingFixtures.x, TrainingFixtures.y, batchSize: 2, epochs: 2, verbose: 0, shuffle: false,
                      profile: profile)
        return model
    }

    @Test func profilingChangesNoWeight() throws {
        let plain = try fitted(profile: nil)
        let profiled = try fitted(profile: StepProfiler(skipSteps: 1))
        #expect(TrainingFixtures.flatWeights(plain) == TrainingFixtures.flatWeights(profiled))
        #expect(StepProfiler.current == nil)
    }

    @Test func recordsTheStepsAfterTheSkippedOnesUpToTheLimit() throws {
        let profiler = StepProfiler(skipSteps: 2, maxSteps: 4)
        _ = try fitted(profile: profiler)
        #expect(profiler.recordedSteps == 4)
        #expect(profiler.spans.filter { $0.category == .step }.count == 4)
        let phases = Set(profiler.spans.filter { $0.category == .phase }.map(\.name))
        #expect(phases == ["data", "forward", "backward", "optimizer", "metrics"])
    }

    @Test func attributesKernelsToLayersPhasesAndTheBackend() throws {
        let profiler = StepProfiler(skipSteps: 0)
        _ = try fitted(profile: profiler)
        let profile = profiler.profile
        #expect(profile.steps == 8)
        let layers = Dictionary(uniqueKeysWithValues: profile.layers.map { ($0.name, $0) })
        #expect(Set(layers.keys) == ["hidden", "out"])
        for name in ["hidden", "out"] {
            #expect((layers[name]?.forwardMilliseconds ?? 0) > 0)
            #expect((layers[name]?.backwardMilliseconds ?? 0) > 0)
        }
        let spans = profiler.spans
        let kernels = spans.filter { $0.category == .kernel }
        #expect(!kernels.isEmpty)
        // The backend in use, or under `auto` the backend each kernel's route names.
        if let router = K.backend as? RoutingBackend {
            let names = Set(router.members.map(\.name) + [BackendName.reference, "composed"])
            #expect(kernels.allSatisfy { $0.backend.map(names.contains) == true })
        } else {
            #expect(kernels.allSatisfy { $0.backend == K.backendName() })
        }
        // Each layer's forward ran at least one kernel attributed to it, in the forward phase.
        for name in ["hidden", "out"] {
            #expect(kernels.contains { $0.layer == name && $0.phase == "forward" })
            #expect(kernels.contains { $0.layer == name && $0.phase == "backward" })
        }
        // Every kernel lies inside a recorded step.
        let steps = spans.filter { $0.category == .step }
        for kernel in kernels {
            #expect(steps.contains { $0.start <= kernel.start && kernel.start + kernel.duration <= $0.start + $0.duration })
        }
        // Kernel time is part of the step time.
        #expect(profile.kernels.reduce(0) { $0 + $1.milliseconds } <= profile.stepMilliseconds)
        #expect(profile.allocations.count > 0)
        #expect(profiler.report.contains("hidden"))
    }

    @Test func traceIsChromeJSONWithOneCompleteEventPerSpan() throws {
        let profiler = StepProfiler(skipSteps: 1, maxSteps: 2)
        _ = try fitted(profile: profiler)
        let object = try JSONSerialization.jsonObject(with: profiler.traceJSON()) as? [String: Any]
        let events = try #require(object?["traceEvents"] as? [[String: Any]])
        let complete = events.filter { $0["ph"] as? String == "X" }
        #expect(complete.count == profiler.spans.count)
        #expect(complete.allSatisfy { $0["ts"] is Double && $0["dur"] is Double && $0["name"] is String })
        #expect(complete.contains { ($0["args"] as? [String: Any])?["layer"] as? String == "hidden" })
    }

    @Test func unwritableTracePathThrowsNamingTheFile() throws {
        let profiler = StepProfiler()
        #expect(throws: KerasError.self) { try profiler.writeTrace(to: URL(fileURLWithPath: "/nonexistent-dir/trace.json")) }
    }
}
