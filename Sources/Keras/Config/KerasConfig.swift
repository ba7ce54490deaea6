import Synchronization

/// Process-wide numeric settings: `floatx`, `epsilon`, `image_data_format`, the thread count.
///
/// These are what `K.floatx()`, `K.epsilon()` and `K.imageDataFormat()` read. The values may be
/// set from code, the environment, or `keras.json` (see the configuration guide); reads are
/// lock-protected and cheap.
///
/// ```swift
/// KerasConfig.floatx = .float64
/// K.epsilon()   // 1e-7
/// ```
public enum KerasConfig {
    /// Keras's `image_data_format` values.
    public enum ImageDataFormat: String, Sendable, Codable {
        case channelsLast = "channels_last"
        case channelsFirst = "channels_first"
    }

    private struct State: Sendable {
        var floatx: DType = .float32
        var epsilon: Double = 1e-7
        var imageDataFormat: ImageDataFormat = .channelsLast
        var threads: Int = System.coreCount

        /// The values from the environment, keras.json and the defaults (KerasConfiguration).
        static var startup: State {
            let c = KerasConfiguration.startup
            return State(floatx: c.floatx.value, epsilon: c.epsilon.value,
                         imageDataFormat: c.imageDataFormat.value, threads: c.threads.value)
        }
    }

    private static let state = Mutex(State.startup)

    /// The default float dtype (`K.floatx()`): `float32` unless changed. Only float types are
    /// accepted; anything else traps (``K/setFloatx(_:)`` throws instead).
    public static var floatx: DType {
        get { state.withLock { $0.floatx } }
        set {
            precondition(newValue.isFloatingPoint, "floatx: expected float32 or float64, received \(newValue)")
            state.withLock { $0.floatx = newValue }
        }
    }

    /// The fuzz factor (`K.epsilon()`), `1e-7` by default.
    public static var epsilon: Double {
        get { state.withLock { $0.epsilon } }
        set { state.withLock { $0.epsilon = newValue } }
    }

    /// The default image data format (`K.image_data_format()`), `channels_last` by default.
    public static var imageDataFormat: ImageDataFormat {
        get { state.withLock { $0.imageDataFormat } }
        set { state.withLock { $0.imageDataFormat = newValue } }
    }

    /// The most threads ``threads`` takes: 4096. OpenMP aborts or crashes when asked for tens
    /// of thousands of threads, so larger counts are clamped, with a warning.
    public static let maxThreads = 4096

    /// Threads kernels may use (`threads` in keras.json, `SWIFTKERAS_NUM_THREADS`); all cores by
    /// default. Counts below 1 become 1; counts above ``maxThreads`` become ``maxThreads``, with a
    /// warning.
    ///
    /// ```swift
    /// KerasConfig.threads = 100_000   // warning: clamped to 4096
    /// ```
    public static var threads: Int {
        get { state.withLock { $0.threads } }
        set {
            let count = clamped(threads: newValue)
            state.withLock {
                $0.threads = count
                threadsMirror.store(count, ordering: .relaxed)
            }
        }
    }

    /// ``threads`` read without the lock: plugin backends check it on every kernel call.
    static var currentThreads: Int { threadsMirror.load(ordering: .relaxed) }
    private static let threadsMirror = Atomic<Int>(State.startup.threads)

    /// `count` within `1...maxThreads`; warns when it was above the maximum.
    static func clamped(threads count: Int) -> Int {
        if count > maxThreads {
            KerasLog.log(.warning, "threads: \(count) is more than the maximum of \(maxThreads); using \(maxThreads)")
        }
        return Swift.min(Swift.max(1, count), maxThreads)
    }
}
