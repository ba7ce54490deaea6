import KerasCore
/// Runs golden cases made by real Keras against a backend and tallies the results.
///
/// Each case kind has an evaluator (``evaluators``); a case of a kind without one is skipped, a
/// case whose function is missing or whose numbers differ is a failure with its reason.
///
/// ```swift
/// let cases = try GoldenCase.load(path: GoldenCase.bundledCasesPath)
/// let report = ConformanceRunner(cases: cases).run(on: ReferenceBackend.shared)
/// print(report.summaryLine)    // "reference: 305 passed, 0 failed, 120 skipped"
/// ```
public struct ConformanceRunner {
    /// Evaluators by case kind. Each throws ``ConformanceFailure`` (or any error) when the case fails.
    public static let evaluators: [String: @Sendable (GoldenCase) throws -> Void] = [
        "op": OpCaseEvaluator.evaluate,
        "layer": LayerCaseEvaluator.evaluateLayer,
        "model": LayerCaseEvaluator.evaluateModel,
        "train": TrainCaseEvaluator.evaluate,
    ]

    public var cases: [GoldenCase]

    public init(cases: [GoldenCase]) {
        self.cases = cases
    }

    /// Runs every case on `backend`, which is made the active backend for the duration.
    public func run(on backend: any Backend) -> ConformanceReport {
        ActiveBackend.withBackend(backend) {
            var report = ConformanceReport(backend: backend.name)
            for golden in cases {
                report.record(golden, outcome: Self.outcome(of: golden))
            }
            return report
        }
    }

    /// The outcome of one case on the active backend.
    public static func outcome(of golden: GoldenCase) -> ConformanceReport.Outcome {
        guard let evaluate = evaluators[golden.kind] else { return .skipped }
        do {
            try evaluate(golden)
            return .passed
        } catch {
            return .failed("\(error)")
        }
    }
}

/// What a conformance run found on one backend.
public struct ConformanceReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        case passed, skipped
        case failed(String)
    }

    public let backend: String
    public private(set) var passed = 0
    public private(set) var failed = 0
    public private(set) var skipped = 0
    /// `"<case id>: <reason>"` for each failure.
    public private(set) var failures: [String] = []

    public init(backend: String) { self.backend = backend }

    mutating func record(_ golden: GoldenCase, outcome: Outcome) {
        switch outcome {
        case .passed: passed += 1
        case .skipped: skipped += 1
        case .failed(let reason):
            failed += 1
            failures.append("\(golden.id): \(reason)")
        }
    }

    /// `"reference: 305 passed, 0 failed, 120 skipped"`.
    public var summaryLine: String { "\(backend): \(passed) passed, \(failed) failed, \(skipped) skipped" }

    /// The report as the JSON object the CLI's `--json` prints for this backend.
    public var json: JSONValue {
        .object([
            "passed": .number(Double(passed)),
            "failed": .number(Double(failed)),
            "skipped": .number(Double(skipped)),
            "failures": .array(failures.map { .string($0) }),
        ])
    }
}
