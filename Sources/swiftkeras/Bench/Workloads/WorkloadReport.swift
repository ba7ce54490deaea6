import Foundation
import Keras

/// The one-line JSON result a workload prints, with the same keys as the peer scripts of
/// `Integration/bench/peers` (so the harness compares like with like), plus the process's peak
/// resident set size and the versions that produced it.
struct WorkloadReport {
    private var fields: [String: Any] = [:]

    init(bench: String, backend: String) {
        fields["bench"] = bench
        fields["backend"] = backend
        fields["runtime"] = "swiftkeras"
    }

    subscript(key: String) -> Any? {
        get { fields[key] }
        set { fields[key] = newValue }
    }

    /// Prints the report as one JSON line on standard output.
    func emit() {
        var all = fields
        all["peak_rss_mib"] = Self.rounded(ProcessStats.peakRSSMiB, 1)
        all["threads"] = KerasConfig.threads
        let data = (try? JSONSerialization.data(withJSONObject: all, options: [.sortedKeys])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
        fflush(nil)
    }

    static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }
}

/// Figures about this process read from the kernel.
enum ProcessStats {
    /// Peak resident set size in MiB (`getrusage`'s `ru_maxrss`, which Linux gives in KiB).
    static var peakRSSMiB: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Seconds since this process was started by `exec`, from `/proc/self/stat` and
    /// `/proc/uptime` (clock-tick resolution, 10 ms).
    static var age: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptimeText = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let closing = stat.lastIndex(of: ")") else { return nil }
        let rest = stat[stat.index(after: closing)...].split(separator: " ")
        // Fields after the command name start at field 3 (state); starttime is field 22.
        guard rest.count > 19, let ticks = Double(rest[19]),
              let uptime = Double(uptimeText.split(separator: " ").first ?? "") else { return nil }
        return uptime - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// Latency statistics of `body` over `calls` calls after `warmup` untimed ones, in µs.
func latency(calls: Int = 1000, warmup: Int = 20, _ body: () throws -> Void) rethrows -> [String: Any] {
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    times.reserveCapacity(calls)
    for _ in 0..<calls {
        let start = seconds()
        try body()
        times.append(seconds() - start)
    }
    times.sort()
    return ["median_us": WorkloadReport.rounded(times[calls / 2] * 1e6, 1),
            "p10_us": WorkloadReport.rounded(times[calls / 10] * 1e6, 1),
            "p90_us": WorkloadReport.rounded(times[9 * calls / 10] * 1e6, 1), "calls": calls]
}
