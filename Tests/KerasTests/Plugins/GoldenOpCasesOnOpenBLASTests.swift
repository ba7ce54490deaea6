import Testing
@testable import Keras
import KerasConformance

/// The public golden op cases (made by real Keras) on the `openblas` backend, one test per
/// case: the plugin's kernels where it claims them, the reference backend for the rest.
@Suite struct GoldenOpCasesOnOpenBLASTests {
    static let openblas: (any Backend)? = try? BackendRegistry.backend(named: "openblas", fallback: .allow)

    @Test func openBLASBackendIsAvailable() {
        _ = PluginFixtures.built("KerasOpenBLAS")
        #expect(Self.openblas?.name == "openblas")
    }

    @Test(arguments: GoldenOpCasesTests.cases.map(\.id))
    func opCaseMatchesKerasOnOpenBLAS(_ id: String) throws {
        guard let backend = Self.openblas else { return }
        let golden = try #require(GoldenOpCasesTests.byID[id])
        let outcome = ActiveBackend.withBackend(backend) { ConformanceRunner.outcome(of: golden) }
        #expect(outcome == .passed, "\(id): \(outcome)")
    }
}
