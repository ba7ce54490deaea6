import ArgumentParser
import CKerasABI
import Foundation
import Keras

/// `swiftkeras bench plugin`: what the plugin boundary costs. Times, in one process:
/// `dlopen` + init of `libKerasOpenBLAS.so` (first, while it is not loaded yet); `K.dot` in
/// float32 through the `openblas` backend against a direct `cblas_sgemm` call on the same
/// OpenBLAS (1024³, and the MLP layer shape 128×784 · 784×512), as a ratio of throughputs
/// measured alternately; and the dispatch overhead of a 1-element `K.add` through the plugin
/// over the plugin's kernel called directly.
struct PluginBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Plugin load time, K.dot vs direct cblas_sgemm, and K dispatch overhead through the openblas plugin."
    )

    @Option(help: "Plugin to load (default: libKerasOpenBLAS.so next to this executable).")
    var path: String?

    @OptionGroup var options: BenchOptions

    func run() throws {
        if let threads = options.threads { KerasConfig.threads = threads }
        let path = self.path ?? ((PluginSearchPath.executableDirectory ?? ".") as NSString)
            .appendingPathComponent("libKerasOpenBLAS" + PluginSearchPath.librarySuffix)

        let clock = ContinuousClock()
        let cpuBefore = processCPUTime()
        let loadTime = try clock.measure { try PluginRegistry.shared.load(path: path) }
        let loadCPU = processCPUTime() - cpuBefore
        print("plugin load (dlopen + entry + init) of \(path): \(format(seconds(loadTime) * 1e3)) ms "
              + "(\(format(loadCPU * 1e3)) ms of CPU time)")
        guard let openblas = try BackendRegistry.backend(named: "openblas", fallback: .error) as? PluginBackend else { return }
        let sgemm = try DirectSGEMM()
        print("threads \(KerasConfig.threads), median of \(options.repetitions) alternating runs")

        for (m, k, n, label) in [(1024, 1024, 1024, "1024³"), (128, 784, 512, "MLP layer 128×784 · 784×512")] {
            let a = Tensor(shape: [m, k], repeating: 0.5, dtype: .float32)
            let b = Tensor(shape: [k, n], repeating: 0.25, dtype: .float32)
            var c = [Float](repeating: 0, count: m * n)
            let flops = 2 * Double(m * n * k)
            let (viaK, direct) = alternate(
                { consume(ActiveBackend.withBackend(openblas) { K.dot(a, b) }) },
                { sgemm.multiply(a, b, into: &c, m: m, n: n, k: k) })
            print("sgemm \(label): K.dot via openblas \(format(flops / viaK.wall / 1e9)) GFLOP/s, "
                  + "direct cblas_sgemm \(format(flops / direct.wall / 1e9)) GFLOP/s, ratio \(format(direct.wall / viaK.wall))"
                  + (KerasConfig.threads == 1 ? "; by CPU time ratio \(format(direct.cpu / viaK.cpu))" : ""))
        }

        // Dispatch: thread CPU time, which a busy machine inflates far less than wall time.
        let x = Tensor([1] as [Float], shape: [1]), y = Tensor([2] as [Float], shape: [1])
        let kernel = try RawKernel(plugin: path)
        let batch = 20_000
        func perCall(_ body: () -> Void) -> Double {
            for _ in 0..<options.warmup { body() }
            return median((0..<options.repetitions).map { _ in threadCPUTime(body) }) / Double(batch) * 1e6
        }
        let viaK = perCall { ActiveBackend.withBackend(openblas) { for _ in 0..<batch { consume(K.add(x, y)) } } }
        let viaAdapter = perCall { for _ in 0..<batch { consume(openblas.binary(.add, x, y)) } }
        let raw = perCall { kernel.add(times: batch) }
        let viaKReference = perCall { ActiveBackend.withBackend(ReferenceBackend.shared) { for _ in 0..<batch { consume(K.add(x, y)) } } }
        let viaReference = perCall { for _ in 0..<batch { consume(ReferenceBackend.shared.binary(.add, x, y)) } }
        print("1-element add, CPU µs per call: plugin kernel alone \(format(raw)); through the openblas adapter \(format(viaAdapter)) "
              + "(dispatch overhead \(format(viaAdapter - raw))); K.add on openblas \(format(viaK)) (overhead \(format(viaK - raw)))")
        print("  for comparison: reference kernel \(format(viaReference)), K.add on reference \(format(viaKReference))")

        // Memory-bound kernels the plugin claims, against the reference backend (CPU time).
        let gradient = Tensor(shape: [128, 512], repeating: 0.5, dtype: .float32)
        let activations = Tensor(shape: [128, 512], repeating: 0.25, dtype: .float32)
        let bias = Tensor(shape: [512], repeating: 0.1, dtype: .float32)
        let big = Tensor(shape: [1024, 1024], repeating: 0.5, dtype: .float32)
        for (label, run) in [
            ("sum over the batch axis of 128×512 (bias gradient)", { (b: any Backend) in consume(b.reduce(.sum, gradient, axes: [0], keepDims: false)) }),
            ("sum over the last axis of 128×512", { (b: any Backend) in consume(b.reduce(.sum, gradient, axes: [1], keepDims: false)) }),
            ("sum over the last axis of 1024×1024", { (b: any Backend) in consume(b.reduce(.sum, big, axes: [1], keepDims: false)) }),
            ("128×512 + bias (512)", { (b: any Backend) in consume(b.binary(.add, activations, bias)) }),
            ("128×512 × 128×512", { (b: any Backend) in consume(b.binary(.multiply, activations, gradient)) }),
        ] as [(String, (any Backend) -> Void)] {
            let repeats = 200
            let timeOpenBLAS = perCall { for _ in 0..<repeats { run(openblas) } } * Double(batch) / Double(repeats)
            let timeReference = perCall { for _ in 0..<repeats { run(ReferenceBackend.shared) } } * Double(batch) / Double(repeats)
            print("\(label): openblas \(format(timeOpenBLAS)) µs, reference \(format(timeReference)) µs (CPU time)")
        }
        let usage = openblas.usage.filter { $0.fallback > 0 }
        if !usage.isEmpty { print("fell back: \(usage)") }
    }

    /// Median wall and thread-CPU times of `a` and `b` (seconds), timed alternately so that
    /// drift affects both alike. (With one thread, OpenBLAS works on the calling thread, and
    /// CPU time is robust to a busy machine.)
    private func alternate(_ a: () -> Void, _ b: () -> Void) -> ((wall: Double, cpu: Double), (wall: Double, cpu: Double)) {
        for _ in 0..<options.warmup { a(); b() }
        let clock = ContinuousClock()
        var wa: [Double] = [], wb: [Double] = [], ca: [Double] = [], cb: [Double] = []
        for _ in 0..<options.repetitions {
            var cpu = 0.0
            wa.append(seconds(clock.measure { cpu = threadCPUTime(a) }))
            ca.append(cpu)
            wb.append(seconds(clock.measure { cpu = threadCPUTime(b) }))
            cb.append(cpu)
        }
        return ((median(wa), median(ca)), (median(wb), median(cb)))
    }
}

/// CPU time of the calling thread spent in `body`, in seconds.
private func threadCPUTime(_ body: () -> Void) -> Double {
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
    body()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
}

/// `cblas_sgemm` of the OpenBLAS the plugin loaded (the same library instance, found with
/// `RTLD_NOLOAD`), called directly.
private struct DirectSGEMM {
    typealias Function = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                         UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    let function: Function

    init() throws {
        guard let handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_NOLOAD), let symbol = dlsym(handle, "cblas_sgemm") else {
            throw KerasError(.plugin, "cblas_sgemm: libopenblas.so.0 is not loaded")
        }
        function = unsafeBitCast(symbol, to: Function.self)
    }

    func multiply(_ a: Tensor, _ b: Tensor, into c: inout [Float], m: Int, n: Int, k: Int) {
        a.withUnsafeBufferPointer(as: Float.self) { pa in
            b.withUnsafeBufferPointer(as: Float.self) { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    function(101, 111, 111, Int32(m), Int32(n), Int32(k), 1, pa.baseAddress, Int32(k),
                             pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))  // row-major, no transposes
                }
            }
        }
    }
}

/// The plugin's own `binary` kernel called through its C table with prepared descriptors: the
/// kernel alone, without `K`, the adapter or allocation.
private final class RawKernel {
    let backend: keras_backend
    var shape: [Int64] = [1]
    var values: [Float] = [1, 2, 0]

    init(plugin path: String) throws {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD), let symbol = dlsym(handle, KERAS_PLUGIN_ENTRY_SYMBOL) else {
            throw KerasError(.plugin, "\(path) is not loaded")
        }
        let entry = unsafeBitCast(symbol, to: keras_plugin_entry_fn.self)
        // The plugin was initialised by the registry; asking again returns the same descriptor.
        var host = keras_host_api()
        host.struct_size = UInt64(MemoryLayout<keras_host_api>.size)
        guard let descriptor = withUnsafePointer(to: &host, { entry($0) }), let table = descriptor.pointee.backend,
              table.pointee.binary != nil else {
            throw KerasError(.plugin, "\(path) has no binary kernel")
        }
        backend = table.pointee
    }

    func add(times: Int) {
        let binary = backend.binary!
        shape.withUnsafeBufferPointer { dims in
            values.withUnsafeMutableBufferPointer { v in
                let p = v.baseAddress!
                var a = keras_tensor(struct_size: 40, dtype: 0, rank: 1, shape: dims.baseAddress, count: 1, data: p)
                var b = a, out = a
                b.data = UnsafeMutableRawPointer(p + 1)
                out.data = UnsafeMutableRawPointer(p + 2)
                for _ in 0..<times {
                    if let error = binary(backend.context, 0, &a, &b, &out) { free(error) }
                }
            }
        }
    }
}
