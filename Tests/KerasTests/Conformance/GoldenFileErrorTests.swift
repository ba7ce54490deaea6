import Foundation
import Testing
@testable import Keras
import KerasConformance

/// Malformed golden files are reported with the file and the problem, never a crash.
@Suite struct GoldenFileErrorTests {
    private func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func missingPathNamesThePath() {
        #expect(throws: KerasError.self) { try GoldenCase.load(path: "/nonexistent/cases") }
        do { _ = try GoldenCase.load(path: "/nonexistent/cases") } catch {
            #expect("\(error)".contains("/nonexistent/cases"))
        }
    }

    @Test func invalidJSONIsAnError() throws {
        let path = try write("{not json")
        do { _ = try GoldenCase.load(path: path); Issue.record("expected an error") } catch let error as KerasError {
            #expect(error.message.contains(path) && error.message.contains("not valid JSON"))
        }
    }

    @Test func wrongFormatIsAnError() throws {
        let path = try write(#"{"format": "other/2", "cases": []}"#)
        do { _ = try GoldenCase.load(path: path); Issue.record("expected an error") } catch let error as KerasError {
            #expect(error.message.contains("other/2"))
        }
    }

    @Test func tensorWithTooFewValuesIsAnError() throws {
        let json = JSONValue.object(["dtype": .string("float32"), "shape": .array([.number(2), .number(2)]),
                                     "data": .array([.number(1)])])
        #expect(throws: KerasError.self) { try GoldenTensor.decode(json, context: "case.x") }
    }

    @Test func caseOfUnknownKindIsSkippedAndUnknownOpFails() throws {
        let path = try write(#"""
        {"format": "swiftkeras-golden/1", "cases": [
          {"id": "x/1", "kind": "future", "tolerance": {"rtol": 0, "atol": 0}},
          {"id": "op/nope", "kind": "op", "op": "no_such_op", "args": [], "attrs": {},
           "expected": {"dtype": "float32", "shape": [], "data": [0]}, "tolerance": {"rtol": 0, "atol": 0}}]}
        """#)
        let report = ConformanceRunner(cases: try GoldenCase.load(path: path)).run(on: ReferenceBackend.shared)
        #expect(report.skipped == 1 && report.failed == 1 && report.passed == 0)
        #expect(report.failures.first?.contains("no_such_op") == true)
    }

    /// Op cases are outside input too: arguments that do not fit the function (these would
    /// stop the process at `K`'s programming-error checks) fail the case with a message.
    @Test func opCaseArgumentsThatDoNotFitFailTheCase() throws {
        func tensor(_ shape: [Int], _ dtype: String = "float32") -> String {
            #"{"dtype": "\#(dtype)", "shape": \#(shape), "data": [\#(Array(repeating: "1", count: shape.reduce(1, *)).joined(separator: ", "))]}"#
        }
        let cases = [("dot", [tensor([2, 2]), tensor([4, 5])], "{}"),
                     ("reshape", [tensor([6])], #"{"shape": [4, 2]}"#),
                     ("conv2d", [tensor([1, 4, 4, 1]), tensor([3, 3, 2, 1])], "{}"),
                     ("pool2d", [tensor([1, 4, 4, 1])], #"{"pool_size": [0, 2]}"#),
                     ("add", [tensor([2, 3]), tensor([4, 5])], "{}")]
        let items = cases.enumerated().map { i, c in
            #"{"id": "op/bad\#(i)", "kind": "op", "op": "\#(c.0)", "args": [\#(c.1.joined(separator: ", "))], "attrs": \#(c.2), "expected": \#(tensor([1])), "tolerance": {"rtol": 0, "atol": 0}}"#
        }
        let path = try write(#"{"format": "swiftkeras-golden/1", "cases": [\#(items.joined(separator: ", "))]}"#)
        let report = ConformanceRunner(cases: try GoldenCase.load(path: path)).run(on: ReferenceBackend.shared)
        #expect(report.failed == cases.count && report.passed == 0)
        for (name, _, _) in cases {
            #expect(report.failures.contains { $0.contains("op/bad") && $0.contains("(\(name)):") }, "\(name): \(report.failures)")
        }
    }

    @Test func mismatchReportsTheWorstElement() {
        let got = Tensor([1, 2, 3.5])
        let want = Tensor([1, 2, 3])
        let problem = GoldenTensor.mismatch(got, want, rtol: 1e-5, atol: 1e-6)
        #expect(problem?.contains("element [2] is 3.5, expected 3.0") == true)
        #expect(GoldenTensor.mismatch(Tensor([Float.nan]), Tensor([Float.nan]), rtol: 0, atol: 0) == nil)
        #expect(GoldenTensor.mismatch(Tensor([1, 2]), Tensor([1, 2], dtype: .int32), rtol: 0, atol: 0) != nil)
    }
}
