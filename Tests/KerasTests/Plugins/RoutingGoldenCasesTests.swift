import Testing
import Keras
@testable import KerasCore
import KerasConformance

/// The public golden op cases (made by real Keras) on `auto` across both plugin backends, in
/// strict mode, with the deterministic routes of each priority order — onednn first (what
/// `auto_routing: priority` gives) and openblas first — so that every kernel both plugins run is
/// checked on each of them behind the router: a claimed kernel may not fail or decline at run
/// time, and the results must match Keras whichever plugin a kernel is routed to.
@Suite struct RoutingGoldenCasesTests {
    static let routings: [RoutingBackend] = {
        guard let members = RoutingFixtures.members() else { return [] }
        return [RoutingFixtures.priorityRouting(members), RoutingFixtures.priorityRouting(Array(members.reversed()))]
    }()
    static let unclaimed: Set<String> = ["declined by its supports query", "not provided"]

    @Test func bothOrdersAreAvailable() {
        #expect(Self.routings.map { $0.members.map(\.name) } == [["onednn", "openblas"], ["openblas", "onednn"]])
    }

    @Test(arguments: GoldenOpCasesTests.cases.map(\.id))
    func opCaseMatchesKerasOnAuto(_ id: String) throws {
        let golden = try #require(GoldenOpCasesTests.byID[id])
        for routing in Self.routings {
            let order = routing.members.map(\.name).joined(separator: " > ")
            let (outcome, violations) = FallbackMonitor.collectingViolations {
                ActiveBackend.withBackend(routing) { ConformanceRunner.outcome(of: golden) }
            }
            #expect(outcome == .passed, "\(id) routed by \(order): \(outcome)")
            let claimedButFellBack = violations.filter { !Self.unclaimed.contains($0.reason) }
            #expect(claimedButFellBack.isEmpty, "\(id) routed by \(order): claimed kernels fell back: \(claimedButFellBack)")
        }
    }
}
