import ArgumentParser
import Keras

/// `swiftkeras bench normalization`: a training step through `BatchNormalization` and
/// `LayerNormalization` on each backend, the layers' fused kernels against the same
/// formula composed from `K` ops (what the layers ran before the ABI 1.1 kernels).
///
/// Steps (float32, forward and gradient): `Conv2D 3×3 same → BatchNormalization → ReLU` on
/// N×28×28×32 images (the convolution keeps 32 channels), `BatchNormalization` alone on the
/// same tensor, and `LayerNormalization` over the last axis of (128, 64, 256).
struct NormalizationBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalization",
        abstract: "Time batch / layer normalisation training steps: fused kernels vs composed K ops."
    )

    @Option(help: "Batch size of the image steps.") var batch = 128

    @OptionGroup var options: BenchOptions

    func run() throws {
        if let threads = options.threads { KerasConfig.threads = threads }
        let backends = try BackendSelection.backends(named: options.backend, strict: false)
        print("threads \(KerasConfig.threads), median of \(options.repetitions)")
        let x = K.randomUniform([batch, 28, 28, 32], minval: -1, maxval: 1, dtype: .float32, seed: 1)
        let kernel = K.randomUniform([3, 3, 32, 32], minval: -0.1, maxval: 0.1, dtype: .float32, seed: 2)
        let sequence = K.randomUniform([128, 64, 256], minval: -1, maxval: 1, dtype: .float32, seed: 3)
        for backend in backends {
            try ActiveBackend.withBackend(backend) {
                let bn = BatchNormalization(), ln = LayerNormalization()
                _ = try bn(x, training: false)
                _ = try ln(sequence, training: false)
                try report(backend.name, "conv2d→batch_norm→relu \(x.shape)",
                           fused: { try Self.step(x, kernel, bn) { try bn($0, training: true) } },
                           composed: { try Self.step(x, kernel, bn) { Self.composedBatchNorm($0, bn) } })
                try report(backend.name, "batch_norm \(x.shape)",
                           fused: { try Self.step(x, nil, bn) { try bn($0, training: true) } },
                           composed: { try Self.step(x, nil, bn) { Self.composedBatchNorm($0, bn) } })
                try report(backend.name, "layer_norm \(sequence.shape)",
                           fused: { try Self.step(sequence, nil, ln) { try ln($0, training: true) } },
                           composed: { try Self.step(sequence, nil, ln) { Self.composedLayerNorm($0, ln) } })
            }
        }
    }

    private func report(_ backend: String, _ label: String, fused: () throws -> Void, composed: () throws -> Void) throws {
        var failure: Error?
        let f = options.timer.measure { do { try fused() } catch { failure = error } }
        let c = options.timer.measure { do { try composed() } catch { failure = error } }
        if let failure { throw failure }
        print("\(backend) \(label): fused \(format(f.median * 1e3)) ms, composed \(format(c.median * 1e3)) ms, "
              + "speed-up \(format(c.median / f.median))×")
    }

    /// One forward and gradient: `sum(relu(norm(conv(x))))` (no convolution when `kernel` is
    /// nil) differentiated with respect to the kernel (or `x`) and the layer's weights.
    private static func step(_ x: Tensor, _ kernel: Tensor?, _ layer: Layer, _ norm: (Tensor) throws -> Tensor) throws {
        let tape = GradientTape()
        let source = tape.watch(kernel ?? x)
        let loss = try tape.record {
            let h = kernel == nil ? source : K.conv2d(x, source, padding: .same)
            return K.sum(K.relu(try norm(h)))
        }
        consume(tape.gradient(loss, [source] + layer.trainableWeights.map(\.value)))
    }

    /// The batch normalisation training formula in K ops over every axis but the last.
    private static func composedBatchNorm(_ x: Tensor, _ bn: BatchNormalization) -> Tensor {
        let axes = Array(0..<(x.rank - 1))
        let mean = K.mean(x, axes: axes, keepDims: true)
        let variance = K.mean(K.square(K.subtract(x, mean)), axes: axes, keepDims: true)
        let y = K.divide(K.subtract(x, mean), K.sqrt(variance + bn.epsilon))
        return K.add(K.multiply(y, bn.gamma!.value), bn.beta!.value)
    }

    /// The layer normalisation formula in K ops over the last axis.
    private static func composedLayerNorm(_ x: Tensor, _ ln: LayerNormalization) -> Tensor {
        let mean = K.mean(x, axes: [x.rank - 1], keepDims: true)
        let variance = K.mean(K.square(K.subtract(x, mean)), axes: [x.rank - 1], keepDims: true)
        let y = K.divide(K.subtract(x, mean), K.sqrt(variance + ln.epsilon))
        return K.add(K.multiply(y, ln.gamma!.value), ln.beta!.value)
    }
}
