#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times a closure: `warmup` untimed runs, then `repetitions` timed runs; reports the median
/// wall time (robust to the odd slow run), the fastest, and the median process CPU time, which
/// on a machine shared with other work tells how fast the kernel runs when it gets the cores.
struct BenchTimer {
    let warmup: Int
    let repetitions: Int

    /// Run times in seconds of one workload.
    struct Result {
        let median: Double
        let fastest: Double
        /// Median CPU time of the process (all threads) per run.
        let medianCPU: Double
    }

    func measure(_ body: () -> Void) -> Result {
        for _ in 0..<warmup { body() }
        let clock = ContinuousClock()
        var wall = [Double](), cpu = [Double]()
        for _ in 0..<repetitions {
            let cpuStart = processCPUTime()
            wall.append(seconds(clock.measure(body)))
            cpu.append(processCPUTime() - cpuStart)
        }
        return Result(median: median(wall), fastest: wall.min()!, medianCPU: median(cpu))
    }
}

/// Keeps a result alive so the optimiser cannot drop the timed work.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
