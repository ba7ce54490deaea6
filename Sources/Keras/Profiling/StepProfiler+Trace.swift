import Foundation

extension StepProfiler {
    /// The recorded spans as a Chrome trace (the JSON object format `chrome://tracing` and
    /// Perfetto open): one complete event (`"ph": "X"`) per step, phase, layer call and kernel
    /// call, timestamps in microseconds, one track per thread.
    ///
    /// ```swift
    /// try profiler.traceJSON().write(to: URL(fileURLWithPath: "step.json"))
    /// ```
    public func traceJSON() -> Data {
        var events: [[String: Any]] = [["name": "process_name", "ph": "M", "pid": 1, "tid": 0,
                                        "args": ["name": "swiftkeras"]]]
        // Parents first when they start together, so viewers nest them.
        let ordered = spans.sorted { ($0.start, UInt64.max - $0.duration) < ($1.start, UInt64.max - $1.duration) }
        for span in ordered {
            var args: [String: Any] = [:]
            if let phase = span.phase { args["phase"] = phase }
            if let layer = span.layer, span.category == .kernel { args["layer"] = layer }
            if let backend = span.backend {
                args["backend"] = backend
                args["ran"] = span.native ? "native" : "fallback"
            }
            if let operands = span.operands { args["operands"] = operands }
            var name = span.name
            if span.category == .layer, span.phase == "backward" { name += " (backward)" }
            events.append([
                "name": name, "cat": span.category.rawValue, "ph": "X", "pid": 1, "tid": span.thread,
                "ts": Double(span.start) / 1000, "dur": Double(span.duration) / 1000, "args": args,
            ])
        }
        let object: [String: Any] = ["traceEvents": events, "displayTimeUnit": "ms"]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// Writes ``traceJSON()`` to `url`, throwing a ``KerasError`` naming the file when it cannot.
    public func writeTrace(to url: URL) throws {
        do {
            try traceJSON().write(to: url, options: .atomic)
        } catch {
            throw KerasError(.io, "cannot write the trace to \(url.path): \(error.localizedDescription)")
        }
    }
}
