import Synchronization
import Testing
import Keras
@testable import KerasCore

/// Falling back to the reference backend: kernels a plugin does not provide, declines in
/// `supports`, or answers UNIMPLEMENTED for; under each fallback policy.
@Suite struct PluginFallbackTests {
    /// The example plugin's backend ("example": float32 add/multiply/relu of equal shapes).
    private func example(_ policy: FallbackPolicy) throws -> PluginBackend? {
        guard let path = PluginFixtures.built("ExampleBackend") else { return nil }
        let registry = PluginFixtures.isolatedRegistry()
        try registry.load(path: path)
        return try registry.backend(named: "example", fallback: policy)
    }

    private let a = Tensor([1, -2, 3] as [Float], shape: [3])
    private let b = Tensor([10, 20, 30] as [Float], shape: [3])

    @Test func providedKernelRunsNatively() throws {
        guard let backend = try example(.error) else { return }
        #expect(backend.binary(.add, a, b).scalars(as: Float.self) == [11, 18, 33])
        #expect(backend.unary(.relu, a).scalars(as: Float.self) == [1, 0, 3])
        #expect(backend.usage.map(\.description) == ["unary.relu: 1 native, 0 fallback", "binary.add: 1 native, 0 fallback"])
    }

    @Test func unimplementedFallsBackUnderAllow() throws {
        guard let backend = try example(.allow) else { return }
        // The kernel exists but answers UNIMPLEMENTED for broadcasting and for `subtract`.
        let row = Tensor([[1, 2, 3], [4, 5, 6]] as [[Float]])
        #expect(backend.binary(.add, row, b).scalars(as: Float.self) == [11, 22, 33, 14, 25, 36])
        #expect(backend.binary(.subtract, b, a).scalars(as: Float.self) == [9, 22, 27])
        // Declined by `supports` (float64) and not provided (exp): reference runs them.
        let d = Tensor([1, 2] as [Double], shape: [2])
        #expect(backend.binary(.add, d, d).scalars(as: Double.self) == [2, 4])
        #expect(backend.unary(.exp, Tensor([0] as [Float], shape: [1])).scalars(as: Float.self) == [1])
        #expect(backend.usage.map(\.description) == ["unary.exp: 0 native, 1 fallback",
                                                     "binary.add: 0 native, 2 fallback",
                                                     "binary.subtract: 0 native, 1 fallback"])
    }

    @Test func unimplementedIsAViolationUnderError() throws {
        guard let backend = try example(.error) else { return }
        let (result, violations) = FallbackMonitor.collectingViolations { backend.binary(.subtract, b, a) }
        #expect(result.scalars(as: Float.self) == [9, 22, 27])
        #expect(violations == [FallbackEvent(backend: "example", op: "binary.subtract", operands: "float32 [3], float32 [3]",
                                             reason: "UNIMPLEMENTED: only add and multiply")])
        let (_, missing) = FallbackMonitor.collectingViolations { backend.cast(a, to: .float64) }
        #expect(missing.map(\.description) == ["example does not run cast on float32 [3] (not provided)"])
        let (_, declined) = FallbackMonitor.collectingViolations {
            backend.unary(.relu, Tensor([1] as [Double], shape: [1]))
        }
        #expect(declined.map(\.reason) == ["declined by its supports query"])
    }

    @Test func errorPolicyMakesTrainingAndPredictionThrow() throws {
        guard let backend = try example(.error) else { return }
        let model = try Sequential([Dense(2, activation: .softmax, inputDim: 3)])
        try model.compile(optimizer: SGD(), loss: .categoricalCrossentropy())
        let x = Tensor([[1, 2, 3], [4, 5, 6]] as [[Float]])
        let y = Tensor([[1, 0], [0, 1]] as [[Float]])
        try ActiveBackend.withBackend(backend) {
            // The example backend runs no matmul: the step falls back, which `error` forbids.
            #expect {
                try model.fit(x, y, epochs: 1, verbose: 0, shuffle: false)
            } throws: { error in
                guard let error = error as? KerasError else { return false }
                return error.kind == .unimplemented && error.message.contains("example does not run")
                    && error.message.contains("fallback policy is `error`")
            }
            #expect(throws: KerasError.self) { _ = try model.predictOnBatch(x) }
            #expect(throws: KerasError.self) { _ = try model.evaluate(x, y, verbose: 0) }
        }
    }

    @Test func warnLogsOncePerOp() throws {
        guard let backend = try example(.warn) else { return }
        let messages = Mutex<[String]>([])
        let previous = KerasLog.setSink { _, message in messages.withLock { $0.append(message) } }
        defer { KerasLog.setSink(previous) }
        for _ in 0..<3 { _ = backend.unary(.sqrt, b) }
        _ = backend.unary(.tanh, b)
        let logged = messages.withLock { $0 }.filter { $0.contains("example does not run") }
        // Other tests may warn too; the unary.sqrt warning appears at most once per process.
        #expect(logged.filter { $0.contains("unary.sqrt") }.count <= 1)
        #expect(backend.usage.first { $0.name == "unary.sqrt" }?.fallback == 3)
    }

    @Test func compositesLackingAKernelAreComposedFromPrimitives() throws {
        guard let backend = try example(.allow) else { return }
        let x = Tensor([[1, 2], [3, 4]] as [[Float]])
        let w = Tensor([[1, 0], [0, 1]] as [[Float]])
        let y = backend.linear(x, weight: w, bias: Tensor([10, 20] as [Float], shape: [2]))
        #expect(y.scalars(as: Float.self) == [11, 22, 13, 24])
        // matmul fell back (not provided); the bias add ran natively on the plugin.
        let usage = Dictionary(uniqueKeysWithValues: backend.usage.map { ($0.name, ($0.native, $0.fallback)) })
        #expect(usage["matmul"]! == (0, 1))
        #expect(usage["binary.add"]! == (0, 1)) // broadcast [2, 2] + [2]: declined by the kernel
        #expect(usage["linear"] == nil)
    }
}
