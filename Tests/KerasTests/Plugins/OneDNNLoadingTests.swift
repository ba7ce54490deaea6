import Foundation
import Synchronization
import Testing
@testable import Keras

/// Loading the `onednn` plugin: its facts, and a missing oneDNN library as a recorded load
/// failure rather than a crash.
@Suite struct OneDNNLoadingTests {
    @Test func reportsVersionsISAThreadsAndConcurrency() throws {
        guard let backend = BackendComparison.strictOneDNN() else { return }
        let attributes = Dictionary(uniqueKeysWithValues: backend.plugin.attributes.map { ($0.key, $0.value) })
        #expect(backend.plugin.name == "KerasOneDNN")
        #expect(attributes["plugin.version"] == backend.plugin.version)
        #expect(attributes["plugin.abi"] == "\(ABIVersion.host)")
        #expect(attributes["onednn.version"]?.hasPrefix("2.") == true)
        #expect(attributes["onednn.isa"]?.hasPrefix("cpu_isa_") == true)
        #expect(attributes["onednn.runtime"] == "OpenMP")
        #expect(attributes["onednn.concurrent_calls"]?.hasPrefix("safe") == true)
    }

    @Test func missingOneDNNLibraryIsALoadFailureNamingIt() throws {
        guard let built = PluginFixtures.built("KerasOneDNN") else { return }
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The copy needs "libdnnq.so.2" instead of oneDNN; no such library exists.
        let path = try PluginFixtures.copy(built, to: directory, as: "libKerasOneDNNCopy.so",
                                           replacing: "libdnnl.so.2", with: "libdnnq.so.2")
        let registry = PluginFixtures.isolatedRegistry()
        #expect(throws: KerasError.self) { try registry.load(path: path) }
        #expect(registry.failures.map(\.path) == [path])
        #expect(registry.failures.first?.reason.contains("a library it depends on is missing: libdnnq.so.2") == true)
        #expect(registry.backendNames.isEmpty)
        #expect(throws: KerasError.self) { try registry.backend(named: "onednn", fallback: .error) }
    }

    @Test func concurrentCallsAgreeWithReference() throws {
        guard let onednn = BackendComparison.strictOneDNN() else { return }
        let p = ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [1, 1], paddingAfter: [1, 1], groups: 1)
        let x = randomTensor([2, 8, 8, 4], dtype: .float32, seed: 110)
        let k = randomTensor([3, 3, 4, 8], dtype: .float32, seed: 111)
        let expected = ReferenceBackend.shared.convolution(x, kernel: k, p)
        let results = Mutex<[Tensor]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let y = onednn.convolution(x, kernel: k, p)
            results.withLock { $0.append(y) }
        }
        for y in results.withLock({ $0 }) {
            let worst = (0..<y.count).map { abs(y.element($0) - expected.element($0)) }.max() ?? 0
            #expect(worst < 1e-4)
        }
        #expect(results.withLock { $0.count } == 8)
    }
}
