import KerasKernelTypes

/// The `auto` backend when several plugin backends load: every kernel call goes to the plugin
/// that runs that kernel fastest for its dtype and size, as a short calibration measured on this
/// machine (see ``AutoRouting``); what no plugin runs goes where a single plugin backend would
/// send it (the highest-priority plugin falls back to the reference backend; a composite is
/// composed from the routed primitives). A primitive the chosen plugin declines for particular
/// operands (a broadcast it does not take) goes to the other plugins before the reference.
///
/// Each call costs one lookup in a table of bytes (kernel, op, dtype, ``WorkSize``) and one
/// call to the chosen backend: no lock, no allocation. The table is fixed when the backend is
/// made. State that lives across calls goes back to the plugin that made it: the workspace of
/// ``recurrentTraining(_:_:)`` is read by the same plugin's ``recurrentBackward(_:_:workspace:)``
/// (both are routed by the forward operands, to the same place).
///
/// ```swift
/// let auto = try BackendRegistry.backend(named: "auto")      // a RoutingBackend with two plugins
/// (auto as? RoutingBackend)?.decisions.forEach { print($0) }  // "matmul float32 small → openblas (measured: …)"
/// ```
///
/// Like ONNX Runtime's execution providers or ggml's backend scheduler, at the granularity of
/// one kernel call.
public final class RoutingBackend: Backend, @unchecked Sendable {
    public let name = BackendName.auto
    /// The plugin backends routed to, highest priority first (index = route).
    public let members: [PluginBackend]
    /// Why each kernel goes where it does (for `swiftkeras info`).
    public internal(set) var decisions: [RouteDecision]
    /// Where the decisions came from: `"measured now"`, `"cache <path>"`, `"priority (deterministic)"`, `"given"`.
    public internal(set) var origin: String
    /// Written only while the routes are being decided, before the backend is shared.
    var table: RouteTable
    /// Shared by the members: what ran natively and what fell back, whichever plugin ran it.
    let counters: UsageCounters
    let reference = ReferenceBackend.shared

    /// A routing backend over `members` (highest priority first) with a given table.
    init(members: [PluginBackend], table: RouteTable = RouteTable(), decisions: [RouteDecision] = [], origin: String = "given",
         counters: UsageCounters) {
        precondition(!members.isEmpty && members.count < Int(RouteTable.reference), "RoutingBackend: 1 to 253 members")
        self.members = members
        self.table = table
        self.decisions = decisions
        self.origin = origin
        self.counters = counters
    }

    /// The same routes over members with another fallback policy (sharing the usage counters).
    public func withFallback(_ policy: FallbackPolicy?) -> RoutingBackend {
        RoutingBackend(members: members.map { $0.withFallback(policy) }, table: table, decisions: decisions, origin: origin,
                       counters: counters)
    }

    /// Adapters of `plugins` for routing, each chained to the others in priority order (a
    /// primitive one declines goes to the next before the reference backend — `supports` may
    /// depend on shapes, such as broadcasting, that the routes do not see), with `policy` and
    /// the counters `counters(i)` gives plugin `i`.
    static func chain(_ plugins: [PluginBackend], fallback policy: FallbackPolicy?,
                      counters: (Int) -> UsageCounters) -> [PluginBackend] {
        plugins.indices.map { first in
            let order = [first] + plugins.indices.filter { $0 != first }
            var next: PluginBackend?
            for i in order.reversed() {
                next = PluginBackend(plugin: plugins[i].plugin, table: plugins[i].table, fallback: policy, counters: counters(i), next: next)
            }
            return next!
        }
    }

    /// How often each op ran natively (on whichever plugin) and how often it fell back.
    public var usage: [KernelUsage] { counters.snapshot }

    /// The name of the backend a call of `kernel` (op `op`, `dtype`, `size`) goes to: a member's
    /// name, `"reference"` or `"composed"`.
    public func target(of kernel: BackendKernel, op: Int32 = 0, dtype: DType, size: WorkSize) -> String {
        switch table.route(kernel, op, dtype, size) {
        case RouteTable.composed: "composed"
        case RouteTable.reference: BackendName.reference
        case let route: members[Int(route)].name
        }
    }

    // MARK: Lookup

    /// The backend for a primitive: a member, or the reference backend where it measured
    /// faster (a primitive is never composed).
    @inline(__always)
    func member(_ kernel: BackendKernel, _ op: Int32, _ dtype: DType, _ work: Int) -> any Backend {
        let route = table.route(kernel, op, dtype, WorkSize.of(work, kernel))
        if route == RouteTable.reference { return reference }
        return members[route == RouteTable.composed ? 0 : Int(route)]
    }

    /// The member for a composite, or `nil` to compose it from the routed primitives.
    @inline(__always)
    func composite(_ kernel: BackendKernel, _ op: Int32, _ dtype: DType, _ work: Int) -> PluginBackend? {
        let route = table.route(kernel, op, dtype, WorkSize.of(work, kernel))
        return route == RouteTable.composed ? nil : members[Int(route)]
    }
}
