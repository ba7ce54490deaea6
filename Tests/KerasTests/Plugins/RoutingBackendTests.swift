import Foundation
import Testing
import Keras
@testable import KerasCore
import KerasKernelTypes

/// `auto` across plugins: calls go where the route table says, by kernel, dtype and size;
/// composites are composed from the routed primitives; the recurrent workspace goes back to the
/// plugin that made it; the deterministic plan follows priority and measures nothing.
@Suite struct RoutingBackendTests {
    static let small = (a: [1, 784], b: [784, 512])
    static let large = (a: [128, 784], b: [784, 512])

    @Test func smallAndLargeMatmulsGoToTheirRoutes() throws {
        guard let members = RoutingFixtures.members() else { return }
        let (onednn, openblas) = (members[0], members[1])
        let routing = RoutingFixtures.routing(members, [(.matmul, 0, .float32, .small, 1), (.matmul, 0, .float32, .large, 0)])
        #expect(routing.target(of: .matmul, dtype: .float32, size: .small) == "openblas")
        #expect(routing.target(of: .matmul, dtype: .float32, size: .large) == "onednn")

        for (shapes, expectedOwner) in [(Self.small, openblas), (Self.large, onednn)] {
            let a = RoutingFixtures.tensor(shapes.a, seed: 1), b = RoutingFixtures.tensor(shapes.b, seed: 2)
            let before = members.map { RoutingFixtures.nativeRuns($0, .matmul) }
            let y = routing.matmul(a, b, transposeA: false, transposeB: false)
            let after = members.map { RoutingFixtures.nativeRuns($0, .matmul) }
            let ran = zip(members, zip(before, after)).filter { $0.1.1 > $0.1.0 }.map(\.0.name)
            #expect(ran == [expectedOwner.name], "\(shapes.a) · \(shapes.b) ran on \(ran)")
            let expected = ReferenceBackend.shared.matmul(a, b, transposeA: false, transposeB: false)
            #expect(RoutingFixtures.maxDifference(y, expected) < 1e-3)
        }
    }

    @Test func dtypesRouteSeparately() throws {
        guard let members = RoutingFixtures.members() else { return }
        // float32 additions to onednn, float64 ones to openblas (the only one that runs them).
        let routing = RoutingFixtures.routing(members, [(.binary, BinaryOp.add.rawValue, .float64, .small, 1)])
        let a32 = RoutingFixtures.tensor([4, 8], seed: 3), a64 = ReferenceBackend.shared.cast(a32, to: .float64)
        _ = routing.binary(.add, a32, a32)
        _ = routing.binary(.add, a64, a64)
        #expect(RoutingFixtures.nativeRuns(members[0], .binary, op: BinaryOp.add.rawValue) == 1)
        #expect(RoutingFixtures.nativeRuns(members[1], .binary, op: BinaryOp.add.rawValue) == 1)
    }

    @Test func aPrimitiveMayGoToTheReferenceBackend() throws {
        guard let members = RoutingFixtures.members() else { return }
        let routing = RoutingFixtures.routing(members, [(.unary, UnaryOp.relu.rawValue, .float32, .small, RouteTable.reference)])
        #expect(routing.target(of: .unary, op: UnaryOp.relu.rawValue, dtype: .float32, size: .small) == "reference")
        let x = RoutingFixtures.tensor([8, 64], seed: 16)
        let (y, violations) = FallbackMonitor.collectingViolations { routing.unary(.relu, x) }
        #expect(violations.isEmpty, "a route to the reference backend is a choice, not a fallback")
        #expect(members.allSatisfy { $0.usage.isEmpty })
        #expect(RoutingFixtures.maxDifference(y, ReferenceBackend.shared.unary(.relu, x)) == 0)
        // The large class keeps its own route (the highest-priority plugin).
        _ = routing.unary(.relu, RoutingFixtures.tensor([128, 512], seed: 17))
        #expect(RoutingFixtures.nativeRuns(members[0], .unary, op: UnaryOp.relu.rawValue) == 1)
    }

    @Test func compositeIsComposedFromTheRoutedPrimitives() throws {
        guard let members = RoutingFixtures.members() else { return }
        // Softmax composed (the default for a composite); its division routed to openblas. Its
        // subtraction (x − max, a broadcast openblas declines) is routed to openblas too and goes
        // on to onednn, the next plugin, in strict mode without a fallback.
        let (subtract, divide) = (BinaryOp.subtract.rawValue, BinaryOp.divide.rawValue)
        let routing = RoutingFixtures.routing(members, [(.binary, subtract, .float32, .small, 1), (.binary, divide, .float32, .small, 1)])
        let x = RoutingFixtures.tensor([8, 10], seed: 4)
        let (y, violations) = FallbackMonitor.collectingViolations { routing.softmax(x, axis: 1) }
        #expect(violations.isEmpty, "\(violations)")
        #expect(members.allSatisfy { RoutingFixtures.nativeRuns($0, .softmax) == 0 })
        #expect(RoutingFixtures.nativeRuns(members[1], .binary, op: subtract) == 0)
        #expect(RoutingFixtures.nativeRuns(members[0], .binary, op: subtract) == 1)
        #expect(RoutingFixtures.maxDifference(y, ReferenceBackend.shared.softmax(x, axis: 1)) < 1e-6)

        let fused = RoutingFixtures.routing(members, [(.softmax, 0, .float32, .small, 0)])
        _ = fused.softmax(x, axis: 1)
        #expect(RoutingFixtures.nativeRuns(members[0], .softmax) == 1)
    }

    @Test func recurrentWorkspaceGoesBackToThePluginThatMadeIt() throws {
        guard let members = RoutingFixtures.members() else { return }
        let lstm = RecurrentCell.lstm.rawValue
        // Training forward on openblas (it keeps a workspace); a plain backward would go to onednn.
        let routing = RoutingFixtures.routing(members, [
            (.recurrentTraining, lstm, .float32, .small, 1), (.recurrentBackward, lstm, .float32, .small, 0),
            (.recurrent, lstm, .float32, .small, 0),
        ])
        let (batch, time, features, units) = (2, 5, 3, 4)
        let p = RecurrentParameters(cell: .lstm)
        let forward = [RoutingFixtures.tensor([batch, time, features], seed: 5), RoutingFixtures.tensor([batch, units], seed: 6),
                       RoutingFixtures.tensor([batch, units], seed: 7), RoutingFixtures.tensor([features, 4 * units], seed: 8),
                       RoutingFixtures.tensor([units, 4 * units], seed: 9), RoutingFixtures.tensor([4 * units], seed: 10)]
        let gradients = [RoutingFixtures.tensor([batch, time, units], seed: 11), RoutingFixtures.tensor([batch, units], seed: 12),
                         RoutingFixtures.tensor([batch, units], seed: 13)]
        let (outputs, workspace) = routing.recurrentTraining(p, forward)
        let made = try #require(workspace, "openblas keeps a workspace for the LSTM")
        let dInputs = routing.recurrentBackward(p, forward + gradients, workspace: made)
        #expect(RoutingFixtures.nativeRuns(members[1], .recurrentTraining, op: lstm) == 1)
        #expect(RoutingFixtures.nativeRuns(members[1], .recurrentBackwardWorkspace, op: lstm) == 1)
        #expect(RoutingFixtures.nativeRuns(members[0], .recurrentBackward, op: lstm) == 0)

        let reference = ReferenceBackend.shared
        let expectedOutputs = reference.recurrent(p, forward)
        let expectedGradients = reference.recurrentBackward(p, forward + gradients)
        for (got, expected) in zip(outputs, expectedOutputs) { #expect(RoutingFixtures.maxDifference(got, expected) < 1e-5) }
        #expect(dInputs.count == expectedGradients.count)
        for (got, expected) in zip(dInputs, expectedGradients) { #expect(RoutingFixtures.maxDifference(got, expected) < 1e-4) }

        // Without a workspace-keeping owner the backward takes its own route.
        let plain = RoutingFixtures.routing(members, [(.recurrentBackward, lstm, .float32, .small, 0), (.recurrent, lstm, .float32, .small, 0)])
        let (_, none) = plain.recurrentTraining(p, forward)
        #expect(none == nil)
        _ = plain.recurrentBackward(p, forward + gradients)
        #expect(RoutingFixtures.nativeRuns(members[0], .recurrentBackward, op: lstm) == 1)
    }

    @Test func optimizerUpdateGoesToItsRouteOrTheHost() throws {
        guard let members = RoutingFixtures.members() else { return }
        let adam = OptimizerOp.adam.rawValue
        let p = OptimizerParameters(op: .adam, learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 1)
        let tensors = { [RoutingFixtures.tensor([16], seed: 14), RoutingFixtures.tensor([16], seed: 15),
                         Tensor(shape: [16], repeating: 0, dtype: .float32), Tensor(shape: [16], repeating: 0, dtype: .float32)] }
        // Composed (the default for a composite): the host's loops.
        #expect(RoutingFixtures.routing(members, []).optimizerUpdate(p, tensors()) == false)
        let routed = RoutingFixtures.routing(members, [(.optimizerUpdate, adam, .float32, .small, 1)])
        #expect(routed.optimizerUpdate(p, tensors()))
        #expect(RoutingFixtures.nativeRuns(members[1], .optimizerUpdate, op: adam) == 1)
    }

    @Test func priorityPlanFollowsPriorityAndMeasuresNothing() throws {
        guard let members = RoutingFixtures.members() else { return }
        let routing = RoutingFixtures.priorityRouting(members)
        #expect(!routing.decisions.isEmpty)
        #expect(routing.decisions.allSatisfy { $0.reason != .measured && $0.times.isEmpty && $0.target != "reference" })
        for size in WorkSize.allCases {
            #expect(routing.target(of: .matmul, dtype: .float32, size: size) == "onednn")
            #expect(routing.target(of: .matmul, dtype: .float64, size: size) == "openblas")
            #expect(routing.target(of: .softmax, dtype: .float32, size: size) == "onednn")
            #expect(routing.target(of: .softmax, dtype: .float64, size: size) == "composed")
            // Kernels only some plugins have go to the first (in priority order) that has them.
            for (kernel, op) in [(BackendKernel.recurrentTraining, RecurrentCell.lstm.rawValue), (.optimizerUpdate, OptimizerOp.adam.rawValue)] {
                let first = members.first { $0.provides(kernel) }?.name
                #expect(first != nil)
                #expect(routing.target(of: kernel, op: op, dtype: .float32, size: size) == first)
            }
        }
        let reasons = Dictionary(routing.decisions.map { ("\($0.kernel) \($0.dtype) \($0.size)", $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["matmul float32 small"] == .priority)
        #expect(reasons["matmul float64 small"] == .onlyProvider)
        #expect(reasons["unary.exp float32 large"] == .onlyProvider)
        #expect(reasons["unary.log float32 small"] == .declined)
        #expect(reasons["transpose float32 small"] == nil)

        // The other priority order gives the other plugin the shared kernels.
        let reversed = RoutingFixtures.priorityRouting([members[1], members[0]])
        #expect(reversed.target(of: .matmul, dtype: .float32, size: .small) == "openblas")
        #expect(reversed.target(of: .softmax, dtype: .float32, size: .small) == "onednn")
        #expect(reversed.target(of: .unary, op: UnaryOp.exp.rawValue, dtype: .float32, size: .small) == "onednn")

        let report = routing.routeReport
        #expect(report.contains("matmul [float32]: onednn (priority)"))
        #expect(report.contains { $0.hasPrefix("not provided by any plugin (reference): select, cast") })
    }

    @Test func theStepProfilerNamesThePluginEachRoutedKernelRanOn() throws {
        guard let members = RoutingFixtures.members() else { return }
        // Dense(4, relu) → Dense(1) at batch 2 (all small): the relu Dense's forward to openblas,
        // everything else where the default table sends it (onednn, the first member).
        let relu = ActivationOp.relu.rawValue
        let routing = RoutingFixtures.routing(members, [(.linearActivation, relu, .float32, .small, 1)])
        let model = try Sequential([Dense(4, activation: .relu, name: "hidden", inputDim: 2), Dense(1, name: "out")])
        try model.compile(optimizer: SGD(learningRate: 0.05), loss: .meanSquaredError)
        let profiler = StepProfiler(skipSteps: 0)
        // The fixtures' members are strict; what no plugin runs (slicing the batches, …) is
        // collected here instead.
        _ = try FallbackMonitor.collectingViolations {
            try ActiveBackend.withBackend(routing) {
                try model.fit(TrainingFixtures.x, TrainingFixtures.y, batchSize: 2, epochs: 1, verbose: 0, shuffle: false,
                              profile: profiler)
            }
        }
        let kernels = profiler.spans.filter { $0.category == .kernel }
        let denseRelu = kernels.filter { $0.name == "linearActivation.relu" }
        #expect(!denseRelu.isEmpty)
        #expect(denseRelu.allSatisfy { $0.backend == "openblas" })
        let matmuls = kernels.filter { $0.name == "matmul" }
        #expect(!matmuls.isEmpty)
        #expect(matmuls.allSatisfy { $0.backend == "onednn" })
        #expect(kernels.allSatisfy { $0.backend != "auto" })
    }
}
