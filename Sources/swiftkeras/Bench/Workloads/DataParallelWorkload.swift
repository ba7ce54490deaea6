import ArgumentParser
import Foundation
import Keras

/// `swiftkeras bench data-parallel`: what data-parallel training costs, for the MLP or CNN
/// workload of the peer benchmark (same model, optimizer and global batch of 128).
///
/// Run it as one process and under `mpirun -np N` (interleaved, on the same machine):
///
/// ```sh
/// swiftkeras bench data-parallel --model cnn                 # N = 1: no MPI at all
/// mpirun -np 2 swiftkeras bench data-parallel --model cnn    # N = 2
/// ```
///
/// It trains `--steps` steps (after 5 warm-up steps) and reports the median step (batch end to
/// batch end, everything included) and the median time per step in the step profiler's
/// `all-reduce` phase (the gradient all-reduce the backward pass has not hidden: the wait for
/// the last buckets), and the bytes all-reduced per step. Under `mpirun` it then times the raw
/// all-reduce (`MPI_Iallreduce` through the plugin, as training calls it) from 4 bytes to
/// 16 MiB, derives the latency (the 4-byte all-reduce is 2·(N−1) latencies in the ring model)
/// and the bandwidth (from the slope between the two largest sizes), and projects the ring
/// all-reduce of the workload's gradients, 2·(N−1)/N · bytes / bandwidth + 2·(N−1) · latency,
/// to 8 and 64 machines with this machine's figures and with an assumed network. Rank 0 prints
/// one JSON line on standard output and a summary on standard error.
struct DataParallelWorkload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data-parallel",
        abstract: "Step and all-reduce time of the MLP or CNN workload under DataParallel, the raw all-reduce, and the ring model for 8 and 64 machines (run under mpirun -np N; one JSON line)."
    )

    @OptionGroup var workload: WorkloadOptions
    @Option(help: "The workload: mlp or cnn.") var model: ModelRecipe = .cnn
    @Option(help: "Training steps measured, after 5 warm-up steps.") var steps = 60
    @Option(help: "Timed repetitions of each raw all-reduce size (the median is reported).") var repetitions = 30
    @Option(help: "Bandwidth of the assumed network for the second projection, bytes/s (default: 10 GbE).")
    var networkBandwidth = 1.25e9
    @Option(help: "Latency of the assumed network for the second projection, seconds.") var networkLatency = 25e-6
    @Option(help: "Seconds one collective may take before the job is stopped.") var collectiveTimeout = 300.0

    private static let warmupSteps = 5
    private static let batchSize = 128
    /// The machine counts the ring model is projected to.
    private static let projected = [2, 8, 64]

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be ≥ 1, received \(steps)") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be ≥ 1, received \(repetitions)") }
        guard networkBandwidth > 0, networkLatency >= 0 else {
            throw ValidationError("--network-bandwidth must be positive and --network-latency ≥ 0")
        }
        guard collectiveTimeout > 0 else { throw ValidationError("--collective-timeout must be positive, received \(collectiveTimeout)") }
    }

    func run() throws {
        let backend = try workload.activate()
        // Under mpirun: every rank trains its share of each global batch of 128.
        var parallel: DataParallel?
        if (try? Communicator.named("mpi").launchedSize) ?? 0 > 0 {
            let distribution = DataParallel(deadline: collectiveTimeout)
            try Distribution.set(distribution)
            if distribution.rank != 0 { silenceStandardOutput() }
            parallel = distribution
        }
        let ranks = parallel?.size ?? 1

        let data = try workload.fashionMNIST(sampleShape: model.sampleShape(imageShape: [28, 28]), batchSize: Self.batchSize,
                                             testBatchSize: 1000, limit: (Self.warmupSteps + steps) * Self.batchSize)
        let network = try model.build(imageShape: [28, 28])
        try network.compile(optimizer: model.defaultOptimizer(), loss: .categoricalCrossentropy(), metrics: ["accuracy"])
        let timer = StepTimer()
        let profiler = StepProfiler(skipSteps: Self.warmupSteps, maxSteps: steps)
        try network.fit(data.train, epochs: 1, verbose: 0, callbacks: [timer], profile: profiler)

        let stepSeconds = Array(timer.stepSeconds[0].dropFirst(Self.warmupSteps))
        let spans = profiler.spans
        let profiled = spans.filter { $0.category == .step }.map { Double($0.duration) / 1e9 }
        let allReduce = spans.filter { $0.category == .phase && $0.name == "all-reduce" }.map { Double($0.duration) / 1e9 }
        let step = median(stepSeconds)
        let allReducePerStep = allReduce.isEmpty ? 0 : median(allReduce)
        let gradientBytes = parallel?.gradientBytesPerStep
            ?? network.trainableWeights.reduce(4) { $0 + $1.shape.reduce(1, *) * $1.dtype.byteSize }

        var report = WorkloadReport(bench: "data_parallel_\(model.rawValue)", backend: backend)
        report["ranks"] = ranks
        report["ranks_on_this_machine"] = parallel?.localSize ?? 1
        report["global_batch"] = Self.batchSize
        report["steps"] = stepSeconds.count
        report["step_s"] = WorkloadReport.rounded(step, 5)
        report["step_s_mean"] = WorkloadReport.rounded(stepSeconds.reduce(0, +) / Double(stepSeconds.count), 5)
        report["profiled_step_s"] = WorkloadReport.rounded(median(profiled), 5)
        report["allreduce_s_per_step"] = WorkloadReport.rounded(allReducePerStep, 6)
        report["allreduce_s_per_step_mean"] = WorkloadReport.rounded(allReduce.reduce(0, +) / Double(max(1, allReduce.count)), 6)
        report["allreduce_fraction_of_step"] = WorkloadReport.rounded(allReducePerStep / step, 4)
        report["bytes_allreduced_per_step"] = gradientBytes
        var summary = [String(format: "data-parallel %@ on %d rank(s), %@ backend, %d thread(s) each: step %.1f ms (median of %d), all-reduce %.2f ms per step (%.1f %% of the step), %d bytes all-reduced per step",
                              model.rawValue, ranks, backend, KerasConfig.threads, step * 1e3, stepSeconds.count,
                              allReducePerStep * 1e3, 100 * allReducePerStep / step, gradientBytes)]

        if let parallel, let world = parallel.communicator, ranks > 1 {
            let sizes = [4, 64, 1 << 10, 1 << 14, 1 << 18, 1 << 20, gradientBytes, 1 << 22, 1 << 24]
            let raw = rawAllReduce(world, byteCounts: sizes)
            let fit = RingFit(raw, ranks: ranks)
            report["allreduce_raw"] = raw.map { ["bytes": $0.bytes, "median_s": WorkloadReport.rounded($0.seconds, 7)] }
            report["allreduce_latency_s"] = WorkloadReport.rounded(fit.latency, 8)
            report["allreduce_bandwidth_bytes_per_s"] = WorkloadReport.rounded(fit.bandwidth, 0)
            let network = RingFit(latency: networkLatency, bandwidth: networkBandwidth)
            let here = Dictionary(uniqueKeysWithValues: Self.projected.map { ("\($0)", WorkloadReport.rounded(fit.seconds(gradientBytes, ranks: $0), 6)) })
            let there = Dictionary(uniqueKeysWithValues: Self.projected.map { ("\($0)", WorkloadReport.rounded(network.seconds(gradientBytes, ranks: $0), 6)) })
            report["ring_model_s"] = ["measured_here": here, "assumed_network": there,
                                      "assumed_network_bandwidth_bytes_per_s": networkBandwidth,
                                      "assumed_network_latency_s": networkLatency]
            summary.append(String(format: "raw all-reduce: latency %.2f µs, bandwidth %.2f GB/s (%d bytes in %.2f ms in one call)",
                                  fit.latency * 1e6, fit.bandwidth / 1e9, gradientBytes,
                                  (raw.first { $0.bytes == gradientBytes }?.seconds ?? .nan) * 1e3))
            summary.append("ring model for \(gradientBytes) bytes, 2·(N−1)/N·bytes/bandwidth + 2·(N−1)·latency: "
                           + Self.projected.map { String(format: "N=%d %.2f ms", $0, fit.seconds(gradientBytes, ranks: $0) * 1e3) }.joined(separator: ", ")
                           + String(format: " (this machine's figures); assumed network %.2f GB/s, %.0f µs: ", networkBandwidth / 1e9, networkLatency * 1e6)
                           + Self.projected.map { String(format: "N=%d %.2f ms", $0, network.seconds(gradientBytes, ranks: $0) * 1e3) }.joined(separator: ", "))
        }
        if Distribution.isChief {
            report.emit()
            FileHandle.standardError.write(Data((summary.joined(separator: "\n") + "\n").utf8))
        }
    }

    /// The median time of an all-reduce (sum, float32, in place) of each byte count, on every
    /// rank together (a barrier before each size); this rank's clock.
    private func rawAllReduce(_ world: Communicator, byteCounts: [Int]) -> [(bytes: Int, seconds: Double)] {
        byteCounts.map { bytes in
            var values = [Float](repeating: 0, count: max(1, bytes / 4))
            let timed = bytes >= 1 << 22 ? max(5, repetitions / 3) : repetitions
            world.barrier(during: "bench: before the all-reduce of \(bytes) bytes")
            var times: [Double] = []
            for repetition in 0 ..< timed + 3 {
                let start = seconds()
                world.allReduce(&values, .sum, during: "bench: all-reduce of \(bytes) bytes")
                if repetition >= 3 { times.append(seconds() - start) }
            }
            return (bytes, median(times))
        }
    }
}

/// The ring all-reduce cost model, T(N, bytes) = 2·(N−1)/N · bytes / bandwidth + 2·(N−1) ·
/// latency, with its two parameters.
struct RingFit {
    let latency: Double
    let bandwidth: Double

    init(latency: Double, bandwidth: Double) {
        self.latency = latency
        self.bandwidth = bandwidth
    }

    /// The parameters from measured all-reduce times on `ranks` ranks: the latency from the
    /// smallest message (all latency), the bandwidth from the slope between the two largest.
    init(_ measured: [(bytes: Int, seconds: Double)], ranks: Int) {
        let sorted = measured.sorted { $0.bytes < $1.bytes }
        let steps = 2 * Double(ranks - 1)
        let share = steps / Double(ranks)
        latency = sorted[0].seconds / steps
        let (small, large) = (sorted[sorted.count - 2], sorted[sorted.count - 1])
        let slope = (large.seconds - small.seconds) / Double(large.bytes - small.bytes)
        bandwidth = slope > 0 ? share / slope : share * Double(large.bytes) / max(large.seconds - steps * latency, 1e-12)
    }

    /// The projected time of one all-reduce of `bytes` over `ranks` ranks.
    func seconds(_ bytes: Int, ranks: Int) -> Double {
        let n = Double(ranks)
        return 2 * (n - 1) / n * Double(bytes) / bandwidth + 2 * (n - 1) * latency
    }
}
