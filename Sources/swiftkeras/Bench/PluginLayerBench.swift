import ArgumentParser
import Foundation
import Keras

/// `swiftkeras bench plugin-layer`: what a plugin layer costs per call against the same layer
/// written in-process. The SeedLayers plugin's `MyLayer` (`y = x · kernel`) and an in-process
/// `Layer` doing the same `K.dot` with the same kernel, forward and forward + backward (the
/// gradients of `sum(y)` with respect to the kernel and the input), at batch 1 and 128,
/// measured alternately in process CPU time; the ratio is plugin / in-process.
struct PluginLayerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin-layer",
        abstract: "Per-call overhead of a plugin layer (SeedLayers' MyLayer) against the same layer in-process."
    )

    @Option(help: "Input and output features of the layer.")
    var features = 256

    @Option(help: "Calls per timed repetition.")
    var calls = 200

    @Option(help: "Plugin file (default: libKerasSeedLayers.so next to this executable).")
    var path: String?

    @OptionGroup var options: BenchOptions

    /// The in-process twin of the plugin's MyLayer.
    final class InProcessDot: Layer {
        let kernel: Variable
        init(kernel: Tensor) { self.kernel = Variable(kernel, name: "kernel"); super.init() }
        override func call(_ x: Tensor, training: Bool) throws -> Tensor { K.dot(x, kernel.value) }
    }

    func run() throws {
        let backends = try options.prepare()
        let path = self.path ?? ((PluginSearchPath.executableDirectory ?? ".") as NSString)
            .appendingPathComponent("libKerasSeedLayers" + PluginSearchPath.librarySuffix)
        try PluginRegistry.shared.load(path: path)
        for backend in backends {
            try ActiveBackend.withBackend(backend) { try measure(on: backend.name) }
        }
    }

    private func measure(on backend: String) throws {
        let plugin = try LayerRegistry.layer(className: "SeedLayers>MyLayer", config: ["output_dim": .number(Double(features))])
        _ = try plugin(Tensor(shape: [1, features], repeating: 0, dtype: .float32))
        let local = InProcessDot(kernel: plugin.weights[0].numpy)
        print("backend \(backend), \(features) → \(features) features, \(calls) calls per repetition, median of \(options.repetitions), process CPU µs per call")
        for batch in [1, 128] {
            let x = K.randomUniform([batch, features], minval: -1, maxval: 1, seed: 1)
            func forward(_ layer: Layer) throws { let y: Tensor = try layer(x); consume(y) }
            func forwardBackward(_ layer: Layer) throws {
                let tape = GradientTape()
                let watched = tape.watch(x)
                let y: Tensor = try tape.record { try layer(watched) }
                consume(tape.gradient(K.sum(y), [watched]))
                consume(tape.gradient(K.sum(y), layer.weights))
            }
            for (label, body) in [("forward", forward), ("forward+backward", forwardBackward)] as [(String, (Layer) throws -> Void)] {
                var pluginTimes: [Double] = [], localTimes: [Double] = []
                for _ in 0..<options.warmup { try body(plugin); try body(local) }
                for _ in 0..<options.repetitions {
                    pluginTimes.append(try threadTime { for _ in 0..<calls { try body(plugin) } })
                    localTimes.append(try threadTime { for _ in 0..<calls { try body(local) } })
                }
                let p = median(pluginTimes) / Double(calls) * 1e6, l = median(localTimes) / Double(calls) * 1e6
                print("  batch \(batch) \(label): plugin \(format(p)) µs, in-process \(format(l)) µs, ratio \(format(p / l)) (overhead \(format(p - l)) µs)")
            }
        }
    }

    /// CPU time of the whole process (the kernels' worker threads included) spent in `body`.
    private func threadTime(_ body: () throws -> Void) rethrows -> Double {
        let start = processCPUTime()
        try body()
        return processCPUTime() - start
    }
}
