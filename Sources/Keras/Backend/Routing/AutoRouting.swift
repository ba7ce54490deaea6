import Foundation
import KerasKernelTypes

/// How the `"auto"` backend decides where each kernel runs when several plugin backends load
/// (one plugin: `auto` is that plugin; none: the reference backend).
///
/// In the default mode, ``Mode/measure``, the first process on a machine times each kernel
/// that several plugins run on representative shapes (``CalibrationCases``, well under a second)
/// and caches the routes in `$SWIFTKERAS_HOME/calibration.json`; later processes read them. The
/// cache is keyed by the plugin files (path, size, modification time, ABI, version), the CPU
/// (model, feature flags) and the thread count, and measured again when any of them changes or
/// the file is unusable. Delete the file to measure again.
///
/// ``Mode/priority`` (`SWIFTKERAS_AUTO_ROUTING=priority` or `"auto_routing": "priority"` in
/// keras.json) measures nothing and reads no cache: each kernel goes to the highest-priority
/// plugin that runs it — deterministic, for tests and reproducible runs.
///
/// ```swift
/// // SWIFTKERAS_AUTO_ROUTING=priority swift test
/// let auto = try BackendRegistry.backend(named: "auto") as? RoutingBackend
/// print(auto?.origin ?? "one plugin or none")
/// ```
public enum AutoRouting {
    /// The routing mode (`auto_routing` in keras.json, `SWIFTKERAS_AUTO_ROUTING`).
    public enum Mode: String, Sendable, CaseIterable, Equatable {
        /// Measure once per machine (cached), then route each kernel to the fastest plugin.
        case measure
        /// No measurement: the highest-priority plugin that runs each kernel.
        case priority

        static let expected = "\"measure\" or \"priority\""
    }

    /// The routing backend over `plugins` (highest priority first): the routes from the cache in
    /// `home`, or measured now (and cached), or by priority, as `mode` says. `samples`: timed
    /// calls per candidate.
    static func backend(over plugins: [PluginBackend], mode: Mode, home: String, threads: Int, samples: Int = 5) -> RoutingBackend {
        let counters = UsageCounters()
        let members = RoutingBackend.chain(plugins, fallback: plugins.first?.fallbackPolicy) { _ in counters }
        let backend = RoutingBackend(members: members, counters: counters)
        guard mode == .measure else {
            backend.decisions = RoutePlanner(members: members, measure: false).plan(on: backend)
            backend.origin = "priority order (deterministic mode, nothing measured)"
            return backend
        }
        let key = CalibrationKey.current(members, threads: threads)
        let cache = CalibrationCache(home: home)
        switch cache.read(expecting: key) {
        case .hit(let contents):
            if apply(contents.decisions, to: backend) {
                backend.origin = "cached in \(cache.path) (measured in \(String(format: "%.2f", contents.seconds)) s)"
                return backend
            }
            KerasLog.log(.info, "backend auto: the calibration cache \(cache.path) names kernels or backends this build does not have; measuring again")
        case .missing:
            break
        case .unusable(let reason):
            KerasLog.log(.info, "backend auto: the calibration cache \(cache.path) is unusable: \(reason); measuring again")
        }
        let seconds = calibrate(backend, samples: samples)
        do {
            try cache.write(CalibrationCache.Contents(key: key, seconds: seconds, decisions: backend.decisions))
            backend.origin = "measured in \(String(format: "%.2f", seconds)) s, cached in \(cache.path)"
            KerasLog.log(.info, "backend auto: calibrated \(backend.members.map(\.name).joined(separator: ", ")) in \(String(format: "%.2f", seconds)) s; cached in \(cache.path)")
        } catch {
            backend.origin = "measured in \(String(format: "%.2f", seconds)) s (not cached: \(error))"
            KerasLog.log(.info, "backend auto: calibrated in \(String(format: "%.2f", seconds)) s, but the cache cannot be written: \(error)")
        }
        return backend
    }

    /// Measures the routes of `backend` with members that fall back silently (a fallback while
    /// timing is not the user's), then installs them. Returns the seconds it took.
    static func calibrate(_ backend: RoutingBackend, samples: Int = 5) -> Double {
        let start = RoutePlanner.now()
        let timing = RoutingBackend(members: RoutingBackend.chain(backend.members, fallback: .allow) { _ in UsageCounters() },
                                    counters: UsageCounters())
        let decisions = RoutePlanner(members: timing.members, measure: true, samples: samples).plan(on: timing)
        backend.table = timing.table
        backend.decisions = decisions
        return RoutePlanner.now() - start
    }

    /// Installs cached decisions; false when one names a kernel or target this build lacks.
    static func apply(_ decisions: [RouteDecision], to backend: RoutingBackend) -> Bool {
        var table = RouteTable()
        let targets = Dictionary(backend.members.enumerated().map { ($0.element.name, UInt8($0.offset)) }, uniquingKeysWith: { a, _ in a })
        for decision in decisions {
            guard let (kernel, op) = kernelsByName[decision.kernel] else { return false }
            let route: UInt8?
            switch decision.target {
            case "composed": route = kernel.isComposite ? RouteTable.composed : nil
            case BackendName.reference: route = kernel.isComposite ? nil : RouteTable.reference
            default: route = targets[decision.target]
            }
            guard let route else { return false }
            table.set(kernel, op, decision.dtype, decision.size, route)
        }
        backend.table = table
        backend.decisions = decisions
        return true
    }

    /// `"binary.add"` → (binary, add's code); `"matmul"` → (matmul, 0).
    static let kernelsByName: [String: (BackendKernel, Int32)] = {
        var names: [String: (BackendKernel, Int32)] = [:]
        for kernel in BackendKernel.allCases {
            if kernel.ops.isEmpty { names[kernel.description] = (kernel, 0) }
            for op in kernel.ops { names[kernel.opName(op.code)] = (kernel, op.code) }
        }
        return names
    }()
}
