import Foundation
import Testing
@testable import Keras

/// A rank that dies or hangs in the middle of a training step: the job ends with a non-zero
/// status and a message naming the rank and the operation, within the collective deadline,
/// never a hang.
@Suite("DataParallel faults")
struct DataParallelFaultTests {
    @Test("a rank killed mid-step ends the job with a non-zero status, naming the rank")
    func rankDies() throws {
        guard let (program, mpirun) = MPIJob.prerequisites() else { return }
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = (directory as NSString).appendingPathComponent("die.json")
        // The launcher ends the job as soon as it sees rank 1 die, long before this deadline (a
        // deadline shorter than the launcher's reaction would end it from rank 0 instead, as
        // in the next test).
        let job = try MPIJob.run(MPIJob.launch(mpirun, ranks: 2) + [program, output, "--fail", "die", "--collective-timeout", "30"],
                                 hangGuard: 120)
        #expect(!job.hung, "the job hung: \(job.stderr)")
        #expect(job.status != 0)
        #expect(!job.stderr.contains("finished training"), "\(job.stderr)")
        // Open MPI's launcher names the rank that died and how; rank 0, ended by the launcher,
        // says what it was waiting for (rank 1 died in training call 11: the fourth step of the
        // second epoch).
        #expect(job.stderr.contains("process rank 1") && job.stderr.contains("signal 9"), "\(job.stderr)")
        #expect(job.stderr.contains("SwiftKeras data-parallel: rank 0 of 2: stopped by the launcher"), "\(job.stderr)")
        #expect(job.stderr.contains("while waiting for an all-reduce (step 11: gradient bucket 1 of 1)"), "\(job.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("a rank that hangs mid-step: the others stop the job at the deadline, naming the operation")
    func rankStalls() throws {
        guard let (program, mpirun) = MPIJob.prerequisites() else { return }
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = (directory as NSString).appendingPathComponent("stall.json")
        let job = try MPIJob.run(MPIJob.launch(mpirun, ranks: 2) + [program, output, "--fail", "stall", "--collective-timeout", "2"],
                                 hangGuard: 120)
        #expect(!job.hung, "the job hung: \(job.stderr)")
        #expect(job.status != 0)
        // Rank 0 waited for the gradients of the step rank 1 never finished (training call 11:
        // the fourth step of the second epoch), for the 2-second deadline, then aborted the job.
        #expect(job.stderr.contains("SwiftKeras data-parallel: rank 0 of 2:"), "\(job.stderr)")
        #expect(job.stderr.contains("step 11: gradient bucket 1 of 1"), "\(job.stderr)")
        #expect(job.stderr.contains("did not complete within 2.0 s"), "\(job.stderr)")
        #expect(job.stderr.contains("stopping the job"))
        #expect(!job.stderr.contains("finished training"))
    }
}
