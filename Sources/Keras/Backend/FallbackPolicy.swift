import Synchronization

/// What happens when the selected backend does not run a kernel (not provided, declined by its
/// `supports` query, or answered `UNIMPLEMENTED`): the op runs on the reference backend, and
/// the policy says whether that is fine.
///
/// Set with `"fallback"` in `keras.json` or ``KerasConfig/fallback``; the conformance runner
/// uses ``error`` (strict mode) through ``BackendRegistry/backend(named:fallback:)``.
///
/// ```swift
/// KerasConfig.fallback = .warn    // one warning per op that falls back
/// ```
public enum FallbackPolicy: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Fall back silently (the default). ``BackendUsage`` still counts it.
    case allow
    /// Fall back, and log a warning the first time each op falls back.
    case warn
    /// Do not fall back: inside `fit`, `evaluate`, `predict` and the `…OnBatch` methods the
    /// step throws a ``KerasError`` naming the backend and the op; inside
    /// ``FallbackMonitor/collectingViolations(_:)`` it is recorded; a bare eager `K` call stops
    /// the process with that message (it cannot throw).
    case error

    public var description: String { rawValue }
}

/// One op that ran on the reference backend because the selected backend did not run it.
public struct FallbackEvent: Sendable, Equatable, CustomStringConvertible {
    /// The backend that did not run the op (`"openblas"`).
    public let backend: String
    /// The kernel and op (`"unary.exp"`, `"matmul"`).
    public let op: String
    /// The operands' dtypes and shapes (`"float64 [2, 3]"`).
    public let operands: String
    /// Why: not provided, declined by `supports`, or the plugin's UNIMPLEMENTED message.
    public let reason: String

    public var description: String { "\(backend) does not run \(op) on \(operands) (\(reason))" }
}

/// Watches fallbacks forbidden by ``FallbackPolicy/error`` without trapping — for the
/// conformance runner's strict mode, which reports them as failures of the case that caused them.
///
/// ```swift
/// let strict = try BackendRegistry.backend(named: "openblas", fallback: .error)
/// let (_, violations) = FallbackMonitor.collectingViolations {
///     ActiveBackend.withBackend(strict) { K.exp(x) }
/// }
/// // violations: ["openblas does not run unary.exp on float32 [3] (not provided)"]
/// ```
public enum FallbackMonitor {
    final class Collector: Sendable {
        let events = Mutex<[FallbackEvent]>([])
    }

    @TaskLocal static var collector: Collector?

    /// Runs `body`; fallbacks that the `error` policy forbids are recorded, run on the reference
    /// backend, and returned instead of trapping.
    public static func collectingViolations<R>(_ body: () throws -> R) rethrows -> (result: R, violations: [FallbackEvent]) {
        let collector = Collector()
        let result = try $collector.withValue(collector) { try body() }
        return (result, collector.events.withLock { $0 })
    }

    /// Runs `body`; when the `error` policy forbade a fallback inside it, throws a
    /// ``KerasError`` (`.unimplemented`) naming the backend, the op and its operands. `fit`,
    /// `evaluate`, `predict` and the `…OnBatch` methods run each step through this. Inside
    /// ``collectingViolations(_:)`` the fallbacks go to that collector instead.
    ///
    /// ```swift
    /// KerasConfig.fallback = .error
    /// try model.fit(x, y)   // throws "openblas does not run unary.erf on float32 [128, 10] …"
    /// ```
    public static func throwingViolations<R>(_ body: () throws -> R) throws -> R {
        if collector != nil { return try body() }
        let (result, violations) = try collectingViolations(body)
        if let first = violations.first {
            let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
            throw KerasError(.unimplemented, "\(first)\(more), and the fallback policy is `error` (strict mode)")
        }
        return result
    }
}
