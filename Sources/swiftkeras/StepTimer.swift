import Keras

/// Records the wall time of every epoch and every training step.
final class StepTimer: Callback {
    private(set) var epochSeconds: [Double] = []
    private(set) var stepSeconds: [[Double]] = []
    private var epochStart = 0.0
    private var lastStep = 0.0

    override func onEpochBegin(_ epoch: Int, logs: Logs) {
        epochStart = seconds()
        lastStep = epochStart
        stepSeconds.append([])
    }

    override func onTrainBatchEnd(_ batch: Int, logs: Logs) {
        let now = seconds()
        stepSeconds[stepSeconds.count - 1].append(now - lastStep)
        lastStep = now
    }

    override func onEpochEnd(_ epoch: Int, logs: Logs) {
        epochSeconds.append(seconds() - epochStart)
    }
}
