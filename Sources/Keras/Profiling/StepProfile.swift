import Foundation

/// A ``StepProfiler``'s recorded steps summed up: milliseconds per step by phase, by layer
/// (forward and backward) and by kernel (with the backend that ran it and how).
///
/// ```swift
/// let profile = profiler.profile
/// profile.kernels.first   // the kernel that took the most time per step
/// print(profile)          // the tables `swiftkeras train --profile` prints
/// ```
public struct StepProfile: Sendable, CustomStringConvertible {
    /// One phase of a step: `data`, `forward`, `backward`, `optimizer`, `metrics`.
    public struct Phase: Sendable {
        public let name: String
        public let milliseconds: Double
    }

    /// One layer: the time of its forward calls and of the backward of the ops it recorded.
    public struct LayerTime: Sendable {
        public let name: String
        public let forwardMilliseconds: Double
        public let backwardMilliseconds: Double
    }

    /// One kernel as run by one backend, natively or not.
    public struct KernelTime: Sendable {
        /// `"matmul"`, `"unary.exp"`, `"recurrentBackward.lstm"`.
        public let name: String
        public let backend: String
        /// Ran natively on the plugin; false: (some of it) fell back to the reference backend.
        public let native: Bool
        public let callsPerStep: Double
        public let milliseconds: Double
        /// Milliseconds per step by phase (`forward`, `backward`, `optimizer`, ...).
        public let byPhase: [String: Double]
        /// The operands of its most expensive call.
        public let slowestOperands: String
    }

    public let steps: Int
    /// Mean wall time of a recorded step.
    public let stepMilliseconds: Double
    /// Sorted by the order of a step.
    public let phases: [Phase]
    /// Slowest first.
    public let layers: [LayerTime]
    /// Slowest first.
    public let kernels: [KernelTime]
    /// Tensor buffers allocated per step, their bytes, and the large ones (1 MiB and more) that
    /// came fresh from the system allocator.
    public let allocations: (count: Double, bytes: Double, largeFresh: Double)

    static let phaseOrder = ["data", "forward", "backward", "optimizer", "metrics"]

    init(spans: [StepProfiler.Span], steps: Int, allocations: (count: Double, bytes: Double, largeFresh: Double)) {
        self.steps = steps
        self.allocations = allocations
        let n = Double(max(1, steps))
        func ms(_ ns: UInt64) -> Double { Double(ns) / 1e6 / n }
        stepMilliseconds = ms(spans.filter { $0.category == .step }.reduce(0) { $0 + $1.duration })

        var phaseTotals: [String: UInt64] = [:]
        var layerTotals: [String: (forward: UInt64, backward: UInt64, first: Int)] = [:]
        struct KernelKey: Hashable { let name: String, backend: String, native: Bool }
        var kernelTotals: [KernelKey: (ns: UInt64, calls: Int, phases: [String: UInt64], slowest: (UInt64, String))] = [:]
        for (index, span) in spans.enumerated() {
            switch span.category {
            case .step:
                break
            case .phase:
                phaseTotals[span.name, default: 0] += span.duration
            case .layer:
                var entry = layerTotals[span.name] ?? (0, 0, index)
                if span.phase == "backward" { entry.backward += span.duration } else { entry.forward += span.duration }
                layerTotals[span.name] = entry
            case .kernel:
                let key = KernelKey(name: span.name, backend: span.backend ?? "", native: span.native)
                var entry = kernelTotals[key] ?? (0, 0, [:], (0, ""))
                entry.ns += span.duration
                entry.calls += 1
                entry.phases[span.phase ?? "other", default: 0] += span.duration
                if span.duration > entry.slowest.0 { entry.slowest = (span.duration, span.operands ?? "") }
                kernelTotals[key] = entry
            }
        }
        phases = phaseTotals.map { Phase(name: $0.key, milliseconds: ms($0.value)) }.sorted {
            (Self.phaseOrder.firstIndex(of: $0.name) ?? 99, $0.name) < (Self.phaseOrder.firstIndex(of: $1.name) ?? 99, $1.name)
        }
        layers = layerTotals.map {
            LayerTime(name: $0.key, forwardMilliseconds: ms($0.value.forward), backwardMilliseconds: ms($0.value.backward))
        }.sorted { ($0.forwardMilliseconds + $0.backwardMilliseconds, $1.name) > ($1.forwardMilliseconds + $1.backwardMilliseconds, $0.name) }
        kernels = kernelTotals.map { key, value in
            KernelTime(name: key.name, backend: key.backend, native: key.native, callsPerStep: Double(value.calls) / n,
                       milliseconds: ms(value.ns), byPhase: value.phases.mapValues(ms), slowestOperands: value.slowest.1)
        }.sorted { ($0.milliseconds, $1.name) > ($1.milliseconds, $0.name) }
    }

    /// The tables: phases, layers, kernels (the 25 slowest), allocations.
    public var description: String {
        func f(_ v: Double) -> String { String(format: "%9.3f", v) }
        func pct(_ v: Double) -> String { String(format: "%5.1f%%", stepMilliseconds > 0 ? 100 * v / stepMilliseconds : 0) }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        var lines = ["Step profile: \(steps) step(s) recorded, \(String(format: "%.3f", stepMilliseconds)) ms per step"]
        lines.append("")
        lines.append(pad("phase", 28) + "  ms/step   share")
        var phased = 0.0
        for phase in phases {
            phased += phase.milliseconds
            lines.append(pad(phase.name, 28) + f(phase.milliseconds) + "  " + pct(phase.milliseconds))
        }
        lines.append(pad("(between phases)", 28) + f(max(0, stepMilliseconds - phased)) + "  " + pct(max(0, stepMilliseconds - phased)))
        if !layers.isEmpty {
            lines.append("")
            lines.append(pad("layer", 28) + "  forward  backward     total   share")
            for layer in layers {
                let total = layer.forwardMilliseconds + layer.backwardMilliseconds
                lines.append(pad(layer.name, 28) + f(layer.forwardMilliseconds) + " " + f(layer.backwardMilliseconds)
                             + " " + f(total) + "  " + pct(total))
            }
        }
        if !kernels.isEmpty {
            lines.append("")
            lines.append(pad("kernel", 30) + pad("backend", 10) + pad("ran", 9) + " calls  ms/step   share  by phase (ms)")
            for kernel in kernels.prefix(25) {
                let split = Self.phaseOrder.compactMap { name in
                    kernel.byPhase[name].map { "\(name) \(String(format: "%.3f", $0))" }
                }.joined(separator: ", ")
                lines.append(pad(kernel.name, 30) + pad(kernel.backend, 10) + pad(kernel.native ? "native" : "fallback", 9)
                             + String(format: "%6.1f", kernel.callsPerStep) + f(kernel.milliseconds) + "  " + pct(kernel.milliseconds)
                             + "  " + split)
            }
            if kernels.count > 25 {
                let rest = kernels.dropFirst(25).reduce(0) { $0 + $1.milliseconds }
                lines.append(pad("(\(kernels.count - 25) more)", 49) + "      " + f(rest) + "  " + pct(rest))
            }
            let inKernels = kernels.reduce(0) { $0 + $1.milliseconds }
            lines.append(pad("(all kernels)", 49) + "      " + f(inKernels) + "  " + pct(inKernels))
        }
        lines.append("")
        lines.append(String(format: "allocations per step: %.1f tensor buffers, %.2f MB, %.1f large (≥ 1 MiB) fresh from the system",
                            allocations.count, allocations.bytes / 1e6, allocations.largeFresh))
        return lines.joined(separator: "\n")
    }
}

extension StepProfiler {
    /// The recorded steps summed up.
    public var profile: StepProfile {
        StepProfile(spans: spans, steps: recordedSteps, allocations: allocationsPerStep)
    }

    /// ``profile`` as text: the tables `swiftkeras train --profile` prints.
    public var report: String { profile.description }
}
