import Foundation
import Synchronization

/// Records where training steps spend their time: per phase (data, forward, backward,
/// optimizer, metrics), per layer (forward and backward), and per backend kernel, with the
/// plugin that ran each kernel and whether it ran natively or fell back to the reference
/// backend. Pass one to ``Model/fit(_:_:batchSize:epochs:verbose:callbacks:validationSplit:validationData:shuffle:classWeight:sampleWeight:initialEpoch:stepsPerEpoch:profile:)``
/// (TensorFlow's `profile_batch` of the TensorBoard callback plays this role in Keras), then
/// read ``report`` or write a Chrome trace (`chrome://tracing`, Perfetto).
///
/// ```swift
/// let profiler = StepProfiler(skipSteps: 2)          // the first steps warm caches up
/// try model.fit(x, y, batchSize: 128, epochs: 1, profile: profiler)
/// print(profiler.report)                              // per phase, layer and kernel
/// try profiler.writeTrace(to: URL(fileURLWithPath: "step.json"))
/// ```
///
/// Off (no profiler given), it costs one task-local read per layer call, autodiff node and step phase.
public final class StepProfiler: @unchecked Sendable {
    /// Steps at the start of a run that are not recorded (caches, allocators and plugin
    /// primitives warm up in them).
    public let skipSteps: Int
    /// The most steps recorded; later steps run unprofiled. `nil`: every step.
    public let maxSteps: Int?

    let state = Mutex(State())
    private let origin = DispatchTime.now().uptimeNanoseconds

    /// - Parameters:
    ///   - skipSteps: steps at the start that are not recorded.
    ///   - maxSteps: the most steps recorded (`nil`: all).
    public init(skipSteps: Int = 1, maxSteps: Int? = nil) {
        self.skipSteps = max(0, skipSteps)
        self.maxSteps = maxSteps.map { max(0, $0) }
    }

    /// What one span of time was.
    public enum Category: String, Sendable {
        case step, phase, layer, kernel
    }

    /// One recorded span of time.
    public struct Span: Sendable {
        public let category: Category
        /// The phase, layer, or kernel (`"matmul"`, `"unary.exp"`) name.
        public let name: String
        /// `"forward"` / `"backward"` for layer spans and the kernels inside them.
        public let phase: String?
        /// The layer the kernel ran for (innermost), if any.
        public let layer: String?
        /// For kernels: the backend that ran it.
        public let backend: String?
        /// For kernels: ran natively on the plugin (false: some or all of it on the reference backend).
        public let native: Bool
        /// Nanoseconds since the profiler was made.
        public let start: UInt64
        public let duration: UInt64
        /// A small number per thread, for the trace.
        public let thread: Int
        /// For kernels: the operands' dtypes and shapes (`"float32 [128, 784], float32 [784, 512]"`).
        public let operands: String?
    }

    struct State {
        var spans: [Span] = []
        var recordedSteps = 0
        var stepsSeen = 0
        var recording = false
        var phase: String?
        var layers: [String] = []
        var threads: [UInt64: Int] = [:]
        var allocated = AllocationStatistics.Snapshot(buffers: 0, bytes: 0, largeFresh: 0)
    }

    // MARK: The active profiler

    /// The profiler recording in this task, if any (a task-local read, as `K`'s backend is).
    @TaskLocal static var current: StepProfiler?

    /// Runs `body` (a whole `fit`) with this profiler active in the task; its steps are
    /// recorded (after ``skipSteps``), and every `K` call inside goes through a timing backend.
    func activate<R>(_ body: () throws -> R) rethrows -> R {
        let inner = ActiveBackend.effective
        let timing = inner is ProfilingBackend ? inner : ProfilingBackend(inner, profiler: self)
        return try Self.$current.withValue(self) { try ActiveBackend.withBackend(timing, body) }
    }

    // MARK: Recording (called by fit, the layers, autodiff and the timing backend)

    /// Times a phase of the step running now when a profiler records (else just runs `body`).
    @inline(__always)
    static func phase<R>(_ name: String, _ body: () throws -> R) rethrows -> R {
        guard let profiler = current else { return try body() }
        return try profiler.phase(name, body)
    }

    /// Times a training step when a profiler is active (else just runs `body`).
    @inline(__always)
    static func step<R>(_ body: () throws -> R) rethrows -> R {
        guard let profiler = current else { return try body() }
        return try profiler.step(body)
    }

    /// Whether spans are recorded now (inside a step past ``skipSteps``).
    var isRecording: Bool { state.withLock { $0.recording } }

    /// Times one training step; its phases, layers and kernels are recorded unless skipped.
    func step<R>(_ body: () throws -> R) rethrows -> R {
        let recording = state.withLock { s -> Bool in
            s.stepsSeen += 1
            s.recording = s.stepsSeen > skipSteps && (maxSteps.map { s.recordedSteps < $0 } ?? true)
            if s.recording { s.recordedSteps += 1 }
            return s.recording
        }
        guard recording else { return try body() }
        let start = now()
        let allocatedBefore = TensorStorage.allocations
        defer {
            let end = now()
            let allocated = TensorStorage.allocations - allocatedBefore
            state.withLock { s in
                s.spans.append(span(.step, "step", nil, nil, nil, true, start, end, &s))
                s.recording = false
                s.allocated.buffers += allocated.buffers
                s.allocated.bytes += allocated.bytes
                s.allocated.largeFresh += allocated.largeFresh
            }
        }
        return try body()
    }

    /// Times one phase of a step (`"data"`, `"forward"`, `"backward"`, `"optimizer"`, `"metrics"`).
    func phase<R>(_ name: String, _ body: () throws -> R) rethrows -> R {
        guard isRecording else { return try body() }
        let start = now()
        state.withLock { $0.phase = name }
        defer {
            let end = now()
            state.withLock { s in
                s.spans.append(span(.phase, name, nil, nil, nil, true, start, end, &s))
                s.phase = nil
            }
        }
        return try body()
    }

    /// Times a layer's forward call (`layer` non-nil), or an autodiff node's backward for the
    /// layer that recorded it.
    func layer<R>(_ layer: String?, backward: Bool, _ body: () throws -> R) rethrows -> R {
        guard let layer, isRecording else { return try body() }
        let start = now()
        state.withLock { $0.layers.append(layer) }
        defer {
            let end = now()
            state.withLock { s in
                s.layers.removeLast()
                s.spans.append(span(.layer, layer, backward ? "backward" : "forward", layer, nil, true, start, end, &s))
            }
        }
        return try body()
    }

    /// The innermost layer being called, for the autodiff nodes it records.
    var currentLayer: String? { state.withLock { $0.recording ? $0.layers.last : nil } }

    /// Records a kernel call that ran between `start` and now.
    func kernel(_ name: String, backend: String, native: Bool, operands: String, start: UInt64) {
        let end = now()
        state.withLock { s in
            guard s.recording else { return }
            s.spans.append(span(.kernel, name, s.phase, s.layers.last, backend, native, start, end, &s, operands: operands))
        }
    }

    @inline(__always)
    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds &- origin }

    private func span(_ category: Category, _ name: String, _ phase: String?, _ layer: String?, _ backend: String?,
                      _ native: Bool, _ start: UInt64, _ end: UInt64, _ s: inout State, operands: String? = nil) -> Span {
        let tid = UInt64(pthread_self())
        let thread: Int
        if let known = s.threads[tid] {
            thread = known
        } else {
            thread = s.threads.count + 1
            s.threads[tid] = thread
        }
        return Span(category: category, name: name, phase: phase, layer: layer, backend: backend, native: native,
                    start: start, duration: end &- start, thread: thread, operands: operands)
    }

    // MARK: Results

    /// Every recorded span, in the order they ended.
    public var spans: [Span] { state.withLock { $0.spans } }

    /// The number of steps recorded.
    public var recordedSteps: Int { state.withLock { $0.recordedSteps } }

    /// Tensor buffers allocated per recorded step: how many, their bytes, and how many of
    /// them were large (1 MiB and more) and came fresh from the system allocator rather than
    /// from the pool of reused buffers.
    public var allocationsPerStep: (count: Double, bytes: Double, largeFresh: Double) {
        state.withLock { s in
            let steps = Double(max(1, s.recordedSteps))
            return (Double(s.allocated.buffers) / steps, Double(s.allocated.bytes) / steps, Double(s.allocated.largeFresh) / steps)
        }
    }
}
