import ArgumentParser
import Foundation
import Keras

/// `--profile`, `--profile-steps`, `--trace FILE`: the step profiler for `train` and the
/// benchmark workloads.
struct ProfileOptions: ParsableArguments {
    @Flag(help: "Print where a training step's time goes: per phase, layer and kernel (backend, native or fallback). Timings include the profiler's own cost.")
    var profile = false

    @Option(help: "Steps recorded by --profile / --trace, after the first few are skipped.")
    var profileSteps = 20

    @Option(help: "Write the profiled steps as a Chrome trace (chrome://tracing, ui.perfetto.dev) to this JSON file; implies --profile.")
    var trace: String?

    func validate() throws {
        guard profileSteps >= 1 else { throw ValidationError("--profile-steps must be ≥ 1, received \(profileSteps)") }
    }

    /// The profiler to pass to `fit`, when asked for.
    func makeProfiler() -> StepProfiler? {
        profile || trace != nil ? StepProfiler(skipSteps: 3, maxSteps: profileSteps) : nil
    }

    /// Prints the profile on standard error (standard output may carry a JSON line) and writes
    /// the trace.
    func finish(_ profiler: StepProfiler?) throws {
        guard let profiler else { return }
        FileHandle.standardError.write(Data((profiler.report + "\n").utf8))
        if let trace {
            try profiler.writeTrace(to: URL(fileURLWithPath: trace))
            FileHandle.standardError.write(Data("Chrome trace written to \(trace)\n".utf8))
        }
    }
}
