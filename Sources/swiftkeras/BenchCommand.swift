import ArgumentParser
import Keras

/// `swiftkeras bench <workload>`: micro-benchmarks of the backends' kernels.
///
/// Each workload is a subcommand in its own file under `Bench/`; add one by writing a
/// `ParsableCommand` that times its kernel with ``BenchTimer`` and listing it here.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time backend kernels, and the peer workloads side by side with Keras.",
        subcommands: [MatmulBench.self, Conv2DBench.self, Pool2DBench.self, ShapeBench.self, PluginBench.self, PluginLayerBench.self, OneDNNBench.self, NormalizationBench.self,
                      MLPWorkload.self, CNNWorkload.self, LSTMWorkload.self, StartupWorkload.self, PeersBench.self,
                      DataParallelWorkload.self]
    )
}
