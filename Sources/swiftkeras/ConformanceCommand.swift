import ArgumentParser
import Foundation
import Keras
import KerasConformance

/// `swiftkeras conformance`: runs golden cases made by real Keras on one or every backend.
struct ConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Check backends against golden cases produced by real Keras.",
        discussion: """
        Runs every case of the kinds SwiftKeras handles on each selected backend and prints, per \
        backend, 'BACKEND: N passed, M failed, K skipped'. Cases of kinds not handled yet are \
        skipped; a case whose function is missing is a failure. Exits with status 1 when \
        anything failed.
        """
    )

    @Option(name: .customLong("cases"), help: ArgumentHelp(
        "A folder (or file) of golden cases; repeatable. Default: the cases bundled with SwiftKeras.",
        valueName: "dir"))
    var casePaths: [String] = []

    @Option(help: "A backend name, or 'all' for every backend that loads.")
    var backend: String = "all"

    @Flag(help: "Fail instead of falling back to the reference backend when a plugin lacks a kernel.")
    var strict = false

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print every failure.")
    var verbose = false

    func run() throws {
        let paths = casePaths.isEmpty ? [GoldenCase.bundledCasesPath] : casePaths
        let cases = try paths.flatMap { try GoldenCase.load(path: $0) }
        let backends = try BackendSelection.backends(named: backend, strict: strict)
        let runner = ConformanceRunner(cases: cases)
        var fallbacks: [String: [String]] = [:]
        let reports = backends.map { backend in
            let (report, violations) = BackendSelection.collectingFallbacks { runner.run(on: backend) }
            if !violations.isEmpty { fallbacks[backend.name] = violations }
            return report
        }

        if json {
            let object = JSONValue.object(Dictionary(uniqueKeysWithValues: reports.map { ($0.backend, $0.json) }))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(object), as: UTF8.self))
        } else {
            for report in reports {
                print(report.summaryLine)
                let shown = verbose ? report.failures : Array(report.failures.prefix(20))
                for failure in shown { print("  FAIL \(failure)") }
                if shown.count < report.failures.count {
                    print("  … \(report.failures.count - shown.count) more (use --verbose)")
                }
            }
        }
        for (backend, violations) in fallbacks.sorted(by: { $0.key < $1.key }) {
            print("\(backend): \(violations.count) kernel(s) fell back to reference in strict mode:")
            for v in Set(violations).sorted().prefix(20) { print("  FALLBACK \(v)") }
        }
        if reports.contains(where: { $0.failed > 0 }) || !fallbacks.isEmpty { throw ExitCode(1) }
    }
}
