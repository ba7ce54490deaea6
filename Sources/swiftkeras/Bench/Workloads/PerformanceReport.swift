import Foundation
import Keras

/// The Markdown document `swiftkeras bench peers --write` produces: the table, the machine, the
/// versions on both sides and the command, so a reader can reproduce the figures.
enum PerformanceReport {
    static func document(table: String, ours: [String: [PeerRun]], peers: [String: [PeerRun]],
                         pythonNote: String, command: String) -> String {
        let date = ISO8601DateFormatter().string(from: Date())
        var lines = ["## Measured \(date)", "", table, "",
                     "Machine: \(machine()).", "",
                     "SwiftKeras: \(backendVersions(ours)).", "",
                     "Peers: \(peerVersions(peers) ?? pythonNote).", "",
                     "Command: `swiftkeras \(command)` (each workload in a fresh process, SwiftKeras and",
                     "Keras interleaved in the same run; ratios are SwiftKeras ÷ Keras).", ""]
        let failures = (ours.values.flatMap { $0 } + peers.values.flatMap { $0 }).compactMap(\.failure)
        if !failures.isEmpty { lines += ["Runs that failed:", ""] + failures.map { "- \($0)" } + [""] }
        return lines.joined(separator: "\n")
    }

    /// CPU model, cores and kernel, from /proc.
    static func machine() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, Linux \(kernel)"
    }

    private static func backendVersions(_ ours: [String: [PeerRun]]) -> String {
        let backends = Set(ours.values.flatMap { $0 }.compactMap { $0.result?["backend"] as? String }).sorted()
        let threads = ours.values.flatMap { $0 }.compactMap { $0.result?["threads"] as? Int }.first
        return "backends \(backends.joined(separator: ", ")), \(threads.map { "\($0) threads" } ?? "")"
    }

    private static func peerVersions(_ peers: [String: [PeerRun]]) -> String? {
        let versions = peers.values.flatMap { $0 }.compactMap { $0.result?["versions"] as? [String: Any] }
        guard !versions.isEmpty else { return nil }
        var merged: [String: String] = [:]
        for version in versions { for (key, value) in version { merged[key] = "\(value)" } }
        return merged.keys.sorted().map { "\($0) \(merged[$0]!)" }.joined(separator: ", ")
    }
}
