import KerasKernelTypes

extension RoutingBackend {
    /// Where each kernel goes and why, one line per kernel and group of dtypes routed alike,
    /// for `swiftkeras info`:
    ///
    /// ```
    /// binary add [float32]: small → openblas (measured: openblas 3.1 µs, onednn 9.8 µs); large → onednn (measured: …)
    /// matmul [float64]: openblas (only provider)
    /// declined by every plugin (reference; composites composed): unary.log [float32, float64], …
    /// not provided by any plugin (reference): select, cast, transpose, …
    /// ```
    public var routeReport: [String] {
        // (kernel, op) → dtype → size → decision, in the order decided.
        var order: [String] = []
        var byKernel: [String: [DType: [WorkSize: RouteDecision]]] = [:]
        for decision in decisions {
            if byKernel[decision.kernel] == nil { order.append(decision.kernel) }
            byKernel[decision.kernel, default: [:]][decision.dtype, default: [:]][decision.size] = decision
        }
        // Ops of one kernel routed alike share a line: "binary add, subtract [float32]: …".
        var lines: [(head: String, dtypes: [DType], text: String, ops: [String])] = []
        var declined: [String] = []
        for name in order {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            var groups: [(text: String, dtypes: [DType], declined: Bool)] = []
            for dtype in DType.allCases {
                guard let sizes = byKernel[name]![dtype] else { continue }
                let text = Self.describe(sizes)
                let isDeclined = sizes.values.allSatisfy { $0.reason == .declined }
                if let i = groups.firstIndex(where: { $0.text == text }) { groups[i].dtypes.append(dtype) } else { groups.append((text, [dtype], isDeclined)) }
            }
            for group in groups {
                if group.declined {
                    declined.append("\(name) [\(group.dtypes.map(\.rawValue).joined(separator: ", "))]")
                } else if let i = lines.firstIndex(where: { $0.head == parts[0] && $0.dtypes == group.dtypes && $0.text == group.text }) {
                    lines[i].ops += parts.dropFirst()
                } else {
                    lines.append((parts[0], group.dtypes, group.text, Array(parts.dropFirst())))
                }
            }
        }
        var report = lines.map { line in
            let name = line.ops.isEmpty ? line.head : "\(line.head) \(line.ops.joined(separator: ", "))"
            return "\(name) [\(line.dtypes.map(\.rawValue).joined(separator: ", "))]: \(line.text)"
        }
        if !declined.isEmpty {
            report.append("declined by every plugin (reference; composites composed): " + declined.joined(separator: ", "))
        }
        let decided = Set(decisions.compactMap { AutoRouting.kernelsByName[$0.kernel]?.0 })
        let unrouted = BackendKernel.allCases.filter { kernel in
            !decided.contains(kernel) && !RoutePlanner.unrouted.contains(kernel) && !members.contains { $0.provides(kernel) }
        }
        if !unrouted.isEmpty {
            report.append("not provided by any plugin (reference): " + unrouted.map { $0.description }.joined(separator: ", "))
        }
        return report
    }

    private static func describe(_ sizes: [WorkSize: RouteDecision]) -> String {
        func one(_ d: RouteDecision) -> String {
            let kernel = AutoRouting.kernelsByName[d.kernel]?.0
            switch d.reason {
            case .declined:
                return (kernel?.isComposite == true ? "composed" : "reference") + " (no plugin runs it)"
            case .measured:
                let times = d.times.sorted { $0.value < $1.value }.map { "\($0.key) \(RouteDecision.format($0.value))" }
                return "\(d.target) (measured: \(times.joined(separator: ", ")))"
            case .onlyProvider, .priority:
                return "\(d.target) (\(d.reason.rawValue))"
            }
        }
        let small = sizes[.small].map(one), large = sizes[.large].map(one)
        if small == large, let small { return small }
        return ["small → " + (small ?? "?"), "large → " + (large ?? "?")].joined(separator: "; ")
    }
}
