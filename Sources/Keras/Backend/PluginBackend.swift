import CKerasABI
import Synchronization
import KerasKernelTypes

/// A backend provided by a plugin: the ``Backend`` protocol over a plugin's C kernel table.
///
/// For each kernel the adapter computes the output shape, allocates a 64-byte-aligned output
/// tensor, asks the plugin's `supports` query, and calls the kernel with C descriptors. When the
/// plugin lacks the kernel, declines it, or answers `UNIMPLEMENTED`, the op runs on the
/// reference backend under the ``FallbackPolicy``; composites the plugin lacks (softmax,
/// log-softmax, linear) are composed from this backend's primitives. ``usage`` counts what ran
/// where.
///
/// Obtain one with ``BackendRegistry/backend(named:fallback:)``:
///
/// ```swift
/// let openblas = try BackendRegistry.backend(named: "openblas")
/// let y = ActiveBackend.withBackend(openblas) { K.dot(a, b) }
/// ```
public final class PluginBackend: Backend, @unchecked Sendable {
    public let name: String
    /// The plugin that provides this backend.
    public let plugin: PluginInfo
    /// This instance's fallback policy; `nil` follows ``KerasConfig/fallback``.
    public let fallbackPolicy: FallbackPolicy?

    let table: KernelTable
    let context: UnsafeMutableRawPointer?
    let counters: UsageCounters
    private let threadsTold: Atomic<Int>
    /// Behind `auto`: the plugin backend that runs the primitives this one lacks or declines
    /// (a declined call is then not a fallback: the next plugin accounts for it).
    let next: PluginBackend?
    /// Where a primitive this plugin does not run goes: ``next``, else the reference backend.
    let reference: any Backend

    init(plugin: PluginInfo, table: KernelTable, fallback: FallbackPolicy?, counters: UsageCounters = UsageCounters(),
         threadsTold: Int = KerasConfig.threads, next: PluginBackend? = nil) {
        self.name = table.name
        self.plugin = plugin
        self.table = table
        self.context = table.c.context
        self.fallbackPolicy = fallback
        self.counters = counters
        self.threadsTold = Atomic(threadsTold)
        self.next = next
        self.reference = next ?? ReferenceBackend.shared
    }

    /// The same backend with another fallback policy (sharing the usage counters).
    public func withFallback(_ policy: FallbackPolicy?) -> PluginBackend {
        PluginBackend(plugin: plugin, table: table, fallback: policy, counters: counters,
                      threadsTold: threadsTold.load(ordering: .relaxed), next: next?.withFallback(policy))
    }

    /// How often each op ran natively and how often it fell back, since the process started.
    public var usage: [KernelUsage] { counters.snapshot }

    /// Whether the plugin provides `kernel` at all (it may still decline particular operands).
    public func provides(_ kernel: BackendKernel) -> Bool { table.provides(kernel) }

    // MARK: Calling kernels (the one path is `dispatch`, in PluginBackend+Dispatch.swift)

    /// What became of a kernel call.
    enum Outcome: Equatable {
        case ran
        case declined(String)
        case failed(String)
    }

    /// Asks `supports`, calls the kernel, and turns a returned error into an outcome. Counts a
    /// native run and logs a failure (once); fallbacks are the caller's business. The query
    /// shows the present inputs and the first output.
    @inline(__always)
    func tryKernel<Outputs: RandomAccessCollection<Tensor>>(
        _ kernel: BackendKernel, _ op: Int32?, inputs: [Tensor?], outputs: Outputs, params: UnsafeRawPointer?,
        _ invoke: (KernelCall) -> UnsafeMutablePointer<keras_error>?
    ) -> Outcome {
        syncThreads()
        let outcome: Outcome = PluginABI.withDescriptors(inputs: inputs, outputs: outputs) { call in
            if let supports = table.c.supports {
                var query = keras_op_query(
                    struct_size: UInt64(MemoryLayout<keras_op_query>.size), kernel: kernel.rawValue, op: op ?? KernelSpec.noOpCode,
                    input_count: Int32(call.presentInputs), reserved: 0, inputs: UnsafePointer(call.descriptors),
                    output: outputs.isEmpty ? nil : call.output(0), params: params)
                if supports(context, &query) == 0 { return .declined("declined by its supports query") }
            }
            guard let error = invoke(call) else { return .ran }
            let (code, message) = PluginABI.consume(error)
            if code == Int32(KERAS_STATUS_UNIMPLEMENTED.rawValue) { return .declined("UNIMPLEMENTED: \(message)") }
            return .failed("\(PluginABI.statusName(code)): \(message)")
        }
        switch outcome {
        case .ran:
            counters.count(kernel, op, fallback: false)
        case .failed(let reason):
            logFailure(kernel, op, inputs, reason: reason)
        case .declined:
            break
        }
        return outcome
    }

    /// Logs a kernel's failure (once per kernel, op and reason).
    @inline(never)
    func logFailure(_ kernel: BackendKernel, _ op: Int32?, _ inputs: [Tensor?], reason: String) {
        KerasLog.once("kernel-failure \(name) \(kernel.opName(op)) \(reason)", .error,
                      "backend \(name): \(kernel.opName(op)) failed on \(Self.describe(inputs.compactMap { $0 })): \(reason)")
    }

    /// Accounts for an op that runs on the reference backend, under the fallback policy.
    func fallBack(_ kernel: BackendKernel, _ op: Int32?, _ inputs: [Tensor?], reason: String) {
        counters.count(kernel, op, fallback: true)
        let policy = fallbackPolicy ?? KerasConfig.fallback
        guard policy != .allow else { return }
        let event = FallbackEvent(backend: name, op: kernel.opName(op), operands: Self.describe(inputs.compactMap { $0 }), reason: reason)
        switch policy {
        case .allow:
            return
        case .warn:
            KerasLog.once("fallback \(name) \(event.op)", .warning, "\(event); running it on reference (fallback: warn)")
        case .error:
            if let collector = FallbackMonitor.collector {
                collector.events.withLock { $0.append(event) }
            } else {
                preconditionFailure("\(event), and the fallback policy is `error` (strict mode); run it inside fit/evaluate/predict or FallbackMonitor.throwingViolations to get a KerasError instead")
            }
        }
    }

    /// Tells the plugin the thread count when it has changed since it was last told.
    @inline(__always)
    private func syncThreads() {
        guard let setThreads = table.c.set_threads else { return }
        let threads = KerasConfig.currentThreads
        if threadsTold.load(ordering: .relaxed) != threads, threadsTold.exchange(threads, ordering: .relaxed) != threads {
            setThreads(context, Int32(clamping: threads))
        }
    }

    /// `"float32 [2, 3], float32 [3]"`.
    static func describe<C: Collection<Tensor>>(_ tensors: C) -> String {
        tensors.map { "\($0.dtype) \($0.shape)" }.joined(separator: ", ")
    }
}
