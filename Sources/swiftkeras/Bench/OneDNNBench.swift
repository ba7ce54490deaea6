import ArgumentParser
import Foundation
import Keras

/// `swiftkeras bench onednn`: what the `onednn` plugin costs over oneDNN itself, in one
/// process. Times `K.conv2d` (N128 28×28 32→64 3×3, `same`, float32) on the `onednn` backend
/// against the same oneDNN primitive run directly (a loop in `libOneDNNBench.so`, on oneDNN's C
/// API, with the weights reordered once and every object made once), alternately, as a throughput ratio; and
/// `K.dot` 128×784 · 784×512 on `onednn` against `openblas`.
struct OneDNNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onednn",
        abstract: "K.conv2d on onednn vs the bare oneDNN primitive; K.dot on onednn vs openblas."
    )

    @Option(help: "Batch size of the convolution.") var batch = 128

    @OptionGroup var options: BenchOptions

    private typealias DirectConv2D = @convention(c) (Int64, Int64, Int64, Int64, Int64, Int64, Int64, UnsafeMutableRawPointer,
                                                     UnsafeMutableRawPointer, UnsafeMutableRawPointer, Int64) -> Int32

    func run() throws {
        if let threads = options.threads { KerasConfig.threads = threads }
        let onednn = try BackendRegistry.backend(named: "onednn", fallback: .error)
        // The bare primitive lives in libOneDNNBench.so beside the plugin (the plugin exports
        // only the plugin ABI).
        let plugin = (onednn as? PluginBackend)?.plugin.path ?? "libKerasOneDNN.so"
        let path = ((plugin as NSString).deletingLastPathComponent as NSString).appendingPathComponent("libOneDNNBench.so")
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw KerasError(.io, "\(path): cannot load the bench library (build it: swift build --product OneDNNBench, "
                             + "with the same -c as the plugin): \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(handle, "keras_onednn_bench_direct_conv2d") else {
            throw KerasError(.plugin, "\(path): no keras_onednn_bench_direct_conv2d")
        }
        let direct = unsafeBitCast(symbol, to: DirectConv2D.self)
        print("threads \(KerasConfig.threads), median of \(options.repetitions) alternating runs")

        let (n, size, c, oc, k) = (batch, 28, 32, 64, 3)
        let x = Tensor(shape: [n, size, size, c], repeating: 0.5, dtype: .float32)
        let w = Tensor(shape: [k, k, c, oc], repeating: 0.25, dtype: .float32)
        var directOutput = Tensor(shape: [n, size, size, oc], repeating: 0, dtype: .float32)
        let flops = 2 * Double(n * size * size) * Double(k * k * c * oc)
        var failed = false
        let (viaK, bare) = alternate(
            { consume(ActiveBackend.withBackend(onednn) { K.conv2d(x, w, padding: .same) }) },
            {
                x.withUnsafeBufferPointer(as: Float.self) { px in
                    w.withUnsafeBufferPointer(as: Float.self) { pw in
                        directOutput.withUnsafeMutableBufferPointer(as: Float.self) { py in
                            failed = failed || direct(Int64(n), Int64(size), Int64(size), Int64(c), Int64(k), Int64(k), Int64(oc),
                                                      UnsafeMutableRawPointer(mutating: px.baseAddress!),
                                                      UnsafeMutableRawPointer(mutating: pw.baseAddress!),
                                                      UnsafeMutableRawPointer(py.baseAddress!), 1) != 0
                        }
                    }
                }
            })
        if failed { throw KerasError(.plugin, "the direct oneDNN convolution failed") }
        print("conv2d N\(n) \(size)×\(size) \(c)→\(oc) \(k)×\(k): K.conv2d on onednn \(format(viaK * 1e3)) ms "
              + "(\(format(flops / viaK / 1e9)) GFLOP/s), oneDNN primitive directly \(format(bare * 1e3)) ms "
              + "(\(format(flops / bare / 1e9)) GFLOP/s), ratio \(format(bare / viaK))")

        let a = Tensor(shape: [128, 784], repeating: 0.5, dtype: .float32)
        let b = Tensor(shape: [784, 512], repeating: 0.25, dtype: .float32)
        let gemmFlops = 2 * Double(128 * 784 * 512)
        let openblas = try? BackendRegistry.backend(named: "openblas", fallback: .error)
        let onOpenBLAS: () -> Void = { if let openblas { consume(ActiveBackend.withBackend(openblas) { K.dot(a, b) }) } }
        let (dnnl, blas) = alternate({ consume(ActiveBackend.withBackend(onednn) { K.dot(a, b) }) }, onOpenBLAS)
        print("matmul 128×784 · 784×512: K.dot on onednn \(format(dnnl * 1e6)) µs (\(format(gemmFlops / dnnl / 1e9)) GFLOP/s)"
              + (openblas == nil ? "; openblas not available"
                                 : ", on openblas \(format(blas * 1e6)) µs (\(format(gemmFlops / blas / 1e9)) GFLOP/s), "
                                   + "onednn/openblas throughput \(format(blas / dnnl))"))
    }

    /// Median wall times (seconds) of `a` and `b`, timed alternately so drift affects both alike.
    private func alternate(_ a: () -> Void, _ b: () -> Void) -> (Double, Double) {
        for _ in 0..<options.warmup { a(); b() }
        let clock = ContinuousClock()
        var ta: [Double] = [], tb: [Double] = []
        for _ in 0..<options.repetitions {
            ta.append(seconds(clock.measure(a)))
            tb.append(seconds(clock.measure(b)))
        }
        return (median(ta), median(tb))
    }
}
