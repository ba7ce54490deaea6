import Foundation

/// The rows of the comparison with Keras: which workload figure, where it sits in each result's
/// JSON, and the target for it (issue 17's: MLP epoch ≤ 1.0× JAX, 1-sample predict ≤ 0.5× JAX's
/// fastest path, CNN step ≤ 0.9× TF, LSTM epoch ≤ 0.8× JAX; peak RSS ≤ 0.5×, start-up ≤ 0.3 s,
/// predict throughput ≥ 1.0×).
struct PerformanceMetric {
    enum Target {
        /// SwiftKeras ÷ the peer must be at most `ratio` (`peer` is `"jax"` or `"tensorflow"`).
        case atMost(ratio: Double, of: String)
        /// SwiftKeras ÷ the peer must be at least `ratio` (throughputs).
        case atLeast(ratio: Double, of: String)
        /// SwiftKeras's own value must be at most this.
        case below(Double)
        /// SwiftKeras's own value must be at least this.
        case above(Double)
    }

    let title: String
    let workload: String
    /// Key path in SwiftKeras's result.
    let path: String
    /// Key path in the peer script's result (nil: the peer has no such figure).
    let peerPath: String?
    let unit: String
    let target: Target?

    static let all: [PerformanceMetric] = [
        .init(title: "MLP steady epoch", workload: "mlp", path: "steady_epoch_s", peerPath: "steady_epoch_s",
              unit: "s", target: .atMost(ratio: 1.0, of: "jax")),
        .init(title: "MLP test accuracy, 3 epochs", workload: "mlp", path: "test_acc", peerPath: "test_acc",
              unit: "", target: .above(0.83)),
        .init(title: "MLP 1-sample predict, fastest path", workload: "mlp", path: "fastest_median_us",
              peerPath: "fastest_median_us", unit: "µs", target: .atMost(ratio: 0.5, of: "jax")),
        .init(title: "MLP predict 10000 at batch 1024", workload: "mlp", path: "predict_10000_bs1024.samples_per_s",
              peerPath: "predict_10000_bs1024.samples_per_s", unit: "samples/s", target: .atLeast(ratio: 1.0, of: "jax")),
        .init(title: "MLP run peak RSS", workload: "mlp", path: "peak_rss_mib", peerPath: "peak_rss_mib",
              unit: "MiB", target: .atMost(ratio: 0.5, of: "jax")),
        .init(title: "CNN steady step, batch 128", workload: "cnn", path: "steady_s_per_step",
              peerPath: "steady_s_per_step", unit: "s", target: .atMost(ratio: 0.9, of: "tensorflow")),
        .init(title: "CNN test accuracy, 1 epoch of 12000", workload: "cnn", path: "test_acc", peerPath: "test_acc",
              unit: "", target: nil),
        .init(title: "LSTM steady epoch (128 steps)", workload: "lstm", path: "steady_epoch_s",
              peerPath: "steady_epoch_s", unit: "s", target: .atMost(ratio: 0.8, of: "jax")),
        .init(title: "Process start → first train step", workload: "startup", path: "process_age_at_first_step_s",
              peerPath: nil, unit: "s", target: .below(0.3)),
        .init(title: "Process start → built, 2 steps, 1 predict", workload: "startup", path: "process_age_end_s",
              peerPath: "process_age_end_s", unit: "s", target: nil),
    ]

    /// Whether `value` (SwiftKeras's) meets the target given the peers' values.
    func verdict(_ value: Double?, peers: [String: Double]) -> String {
        guard let target, let value else { return "" }
        switch target {
        case .atMost(let ratio, let peer):
            guard let theirs = peers[peer], theirs > 0 else { return "no \(peer) figure" }
            return value / theirs <= ratio ? "met" : "missed"
        case .atLeast(let ratio, let peer):
            guard let theirs = peers[peer], theirs > 0 else { return "no \(peer) figure" }
            return value / theirs >= ratio ? "met" : "missed"
        case .below(let limit): return value <= limit ? "met" : "missed"
        case .above(let limit): return value >= limit ? "met" : "missed"
        }
    }

    var targetText: String {
        switch target {
        case .atMost(let ratio, let peer)?: "≤ \(ratio)× \(peer == "jax" ? "JAX" : "TF")"
        case .atLeast(let ratio, let peer)?: "≥ \(ratio)× \(peer == "jax" ? "JAX" : "TF")"
        case .below(let limit)?: "≤ \(PerformanceTable.format(limit)) \(unit)"
        case .above(let limit)?: "≥ \(PerformanceTable.format(limit))"
        case nil: ""
        }
    }
}

/// Renders the runs as a Markdown table: one column per SwiftKeras backend and per peer, the
/// ratio of the first SwiftKeras backend to each peer, the target and whether it is met.
enum PerformanceTable {
    static func markdown(ours: [String: [PeerRun]], peers: [String: [PeerRun]], backends: [String],
                         peerBackends: [String]) -> String {
        let peerNames = peerBackends.map { $0 == "jax" ? "Keras + JAX" : "Keras + TF" }
        var header = ["workload"] + backends.map { "SwiftKeras \($0)" } + peerNames
        header += peerBackends.map { "÷ \($0 == "jax" ? "JAX" : "TF")" } + ["target", ""]
        var lines = ["| " + header.joined(separator: " | ") + " |",
                     "|" + String(repeating: "---|", count: header.count)]
        for metric in PerformanceMetric.all {
            let mine = backends.map { backend in ours[metric.workload]?.first { $0.runner.hasSuffix("/" + backend) } }
            let theirs = peerBackends.map { peer in peers[metric.workload]?.first { $0.runner == "keras/" + peer } }
            guard mine.contains(where: { $0?.result != nil }) || theirs.contains(where: { $0?.result != nil }) else { continue }
            let myValues = mine.map { $0?.number(metric.path) }
            let peerValues = theirs.map { run in metric.peerPath.flatMap { run?.number($0) } }
            var peerByName: [String: Double] = [:]
            for (name, value) in zip(peerBackends, peerValues) { peerByName[name] = value }
            var cells = ["\(metric.title)\(metric.unit.isEmpty ? "" : " (\(metric.unit))")"]
            cells += myValues.map(cell) + peerValues.map(cell)
            cells += peerValues.map { peer in
                guard let primary = myValues.first ?? nil, let peer, peer > 0 else { return "" }
                return format(primary / peer) + "×"
            }
            cells += [metric.targetText, metric.verdict(myValues.first ?? nil, peers: peerByName)]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    private static func cell(_ value: Double?) -> String { value.map(format) ?? "—" }

    /// Three significant digits, without exponent notation.
    static func format(_ value: Double) -> String {
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        return String(format: "%.\(digits)f", value)
    }
}
