import CKerasABI
import Synchronization

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
    let reference = ReferenceBackend.shared

    init(plugin: PluginInfo, table: KernelTable, fallback: FallbackPolicy?, counters: UsageCounters = UsageCounters(),
         threadsTold: Int = KerasConfig.threads) {
        self.name = table.name
        self.plugin = plugin
        self.table = table
        self.context = table.c.context
        self.fallbackPolicy = fallback
        self.counters = counters
        self.threadsTold = Atomic(threadsTold)
    }

    /// The same backend with another fallback policy (sharing the usage counters).
    public func withFallback(_ policy: FallbackPolicy?) -> PluginBackend {
        PluginBackend(plugin: plugin, table: table, fallback: policy, counters: counters,
                      threadsTold: threadsTold.load(ordering: .relaxed))
    }

    /// How often each op ran natively and how often it fell back, since the process started.
    public var usage: [KernelUsage] { counters.snapshot }

    /// Whether the plugin provides `kernel` at all (it may still decline particular operands).
    public func provides(_ kernel: BackendKernel) -> Bool { table.provides(kernel) }

    // MARK: Calling kernels

    /// What became of a kernel call.
    enum Outcome: Equatable {
        case ran
        case declined(String)
        case failed(String)
    }

    /// Calls a kernel: `tensors` are the inputs followed by the output; `invoke` receives their
    /// descriptors (same order) and calls the C slot. Returns whether the kernel ran; otherwise
    /// the fallback has been accounted for and the caller runs the reference kernel.
    @inline(__always)
    func run(_ kernel: BackendKernel, _ op: Int32 = -1, _ tensors: [Tensor], params: UnsafeRawPointer? = nil,
             _ invoke: (UnsafeMutablePointer<keras_tensor>) -> UnsafeMutablePointer<keras_error>?) -> Bool {
        switch tryKernel(kernel, op, tensors, params: params, invoke) {
        case .ran:
            return true
        case .declined(let reason), .failed(let reason):
            fallBack(kernel, op, tensors.dropLast(), reason: reason)
            return false
        }
    }

    /// Asks `supports`, calls the kernel, and turns a returned error into an outcome. Counts a
    /// native run and logs a failure (once); fallbacks are the caller's business. `tensors` are
    /// the inputs then the `outputCount` outputs; the query shows the inputs and the first output.
    @inline(__always)
    func tryKernel(_ kernel: BackendKernel, _ op: Int32, _ tensors: [Tensor], outputCount: Int = 1, params: UnsafeRawPointer?,
                   _ invoke: (UnsafeMutablePointer<keras_tensor>) -> UnsafeMutablePointer<keras_error>?) -> Outcome {
        syncThreads()
        let outcome: Outcome = PluginABI.withDescriptors(tensors) { descriptors in
            let inputCount = tensors.count - outputCount
            if let supports = table.c.supports {
                var query = keras_op_query(
                    struct_size: UInt64(MemoryLayout<keras_op_query>.size), kernel: kernel.rawValue, op: op,
                    input_count: Int32(inputCount), reserved: 0, inputs: UnsafePointer(descriptors),
                    output: UnsafePointer(descriptors + inputCount), params: params)
                if supports(context, &query) == 0 { return .declined("declined by its supports query") }
            }
            guard let error = invoke(descriptors) else { return .ran }
            let (code, message) = PluginABI.consume(error)
            if code == Int32(KERAS_STATUS_UNIMPLEMENTED.rawValue) { return .declined("UNIMPLEMENTED: \(message)") }
            return .failed("\(PluginABI.statusName(code)): \(message)")
        }
        switch outcome {
        case .ran:
            counters.count(kernel, op, fallback: false)
        case .failed(let reason):
            KerasLog.once("kernel-failure \(name) \(kernel.opName(op)) \(reason)", .error,
                          "backend \(name): \(kernel.opName(op)) failed on \(Self.describe(tensors.dropLast(outputCount))): \(reason)")
        case .declined:
            break
        }
        return outcome
    }

    /// Accounts for an op that runs on the reference backend, under the fallback policy.
    func fallBack(_ kernel: BackendKernel, _ op: Int32 = -1, _ inputs: ArraySlice<Tensor>, reason: String) {
        counters.count(kernel, op, fallback: true)
        let policy = fallbackPolicy ?? KerasConfig.fallback
        guard policy != .allow else { return }
        let event = FallbackEvent(backend: name, op: kernel.opName(op), operands: Self.describe(inputs), reason: reason)
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

    /// Accounts for a kernel the plugin does not provide.
    @inline(__always)
    func notProvided(_ kernel: BackendKernel, _ op: Int32 = -1, _ inputs: [Tensor]) {
        fallBack(kernel, op, inputs[...], reason: "not provided")
    }

    /// Tells the plugin the thread count when it has changed since it was last told.
    @inline(__always)
    private func syncThreads() {
        guard let setThreads = table.c.set_threads else { return }
        let threads = KerasConfig.threads
        if threadsTold.exchange(threads, ordering: .relaxed) != threads {
            setThreads(context, Int32(clamping: threads))
        }
    }

    /// `"float32 [2, 3], float32 [3]"`.
    static func describe<C: Collection<Tensor>>(_ tensors: C) -> String {
        tensors.map { "\($0.dtype) \($0.shape)" }.joined(separator: ", ")
    }
}
