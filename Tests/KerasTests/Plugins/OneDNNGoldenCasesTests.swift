import Testing
@testable import Keras
import KerasConformance

/// The public golden op cases (made by real Keras) on the `onednn` backend, one test per case,
/// in strict mode: the plugin's kernels where its `supports` claims them — and a claimed kernel
/// may not fail or decline at run time — the reference backend for what it does not claim.
@Suite struct OneDNNGoldenCasesTests {
    static let onednn: (any Backend)? = try? BackendRegistry.backend(named: "onednn", fallback: .error)
    static let unclaimed: Set<String> = ["declined by its supports query", "not provided"]

    @Test func oneDNNBackendIsAvailable() {
        _ = PluginFixtures.built("KerasOneDNN")
        #expect(Self.onednn?.name == "onednn")
    }

    @Test(arguments: GoldenOpCasesTests.cases.map(\.id))
    func opCaseMatchesKerasOnOneDNN(_ id: String) throws {
        guard let backend = Self.onednn else { return }
        let golden = try #require(GoldenOpCasesTests.byID[id])
        let (outcome, violations) = FallbackMonitor.collectingViolations {
            ActiveBackend.withBackend(backend) { ConformanceRunner.outcome(of: golden) }
        }
        #expect(outcome == .passed, "\(id): \(outcome)")
        let claimedButFellBack = violations.filter { !Self.unclaimed.contains($0.reason) }
        #expect(claimedButFellBack.isEmpty, "\(id): claimed kernels fell back: \(claimedButFellBack)")
    }
}
