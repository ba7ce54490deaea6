import Foundation
import Testing
@testable import Keras
import KerasConformance

/// The public golden op cases (ops.json, made by real Keras) on the reference backend, one test
/// per case so that a failure names its case.
@Suite struct GoldenOpCasesTests {
    static let cases: [GoldenCase] = {
        let path = GoldenCase.bundledCasesPath + "/ops.json"
        return (try? GoldenCase.load(path: path)) ?? []
    }()
    static let byID = Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

    @Test func bundledOpCasesAreAllPresent() {
        #expect(Self.cases.count == 305)
        #expect(Self.cases.allSatisfy { $0.kind == "op" })
    }

    @Test(arguments: cases.map(\.id))
    func opCaseMatchesKerasOnReference(_ id: String) throws {
        let golden = try #require(Self.byID[id])
        let outcome = ActiveBackend.withBackend(ReferenceBackend.shared) { ConformanceRunner.outcome(of: golden) }
        #expect(outcome == .passed, "\(id): \(outcome)")
    }
}
