import Keras

/// Records the wall time of every epoch and every training step.
final class StepTimer: Callback {
    private(set) var epochSeconds: [Double] = []
    private(set) var stepSeconds: [[Double]] = []
    /// Tensor buffers allocated by each step (from the end of the one before).
    private(set) var stepAllocations: [[AllocationStatistics.Snapshot]] = []
    private var lastAllocations = TensorStorage.allocations
    private var epochStart = 0.0
    private var lastStep = 0.0

    override func onEpochBegin(_ epoch: Int, logs: Logs) {
        epochStart = seconds()
        lastStep = epochStart
        stepSeconds.append([])
        stepAllocations.append([])
        lastAllocations = TensorStorage.allocations
    }

    override func onTrainBatchEnd(_ batch: Int, logs: Logs) {
        let now = seconds()
        stepSeconds[stepSeconds.count - 1].append(now - lastStep)
        lastStep = now
        let allocations = TensorStorage.allocations
        stepAllocations[stepAllocations.count - 1].append(allocations - lastAllocations)
        lastAllocations = allocations
    }

    /// The median step's allocations over the last epoch: buffers, MB, large fresh ones
    /// (as `allocations_per_step` in a workload's report).
    var steadyAllocations: [String: Double] {
        let steps = stepAllocations.last ?? []
        guard !steps.isEmpty else { return [:] }
        func middle(_ values: [Int]) -> Double { Double(values.sorted()[values.count / 2]) }
        return ["buffers": middle(steps.map(\.buffers)), "mb": WorkloadReport.rounded(middle(steps.map(\.bytes)) / 1e6, 2),
                "large_fresh": middle(steps.map(\.largeFresh))]
    }

    override func onEpochEnd(_ epoch: Int, logs: Logs) {
        epochSeconds.append(seconds() - epochStart)
    }
}
