import Foundation
import Synchronization
import Testing
import Keras
@testable import KerasCore

/// Outside input that used to crash the process or give a silent wrong number (issue 14): each
/// is now a `KerasError` naming the input, or a clamp with a warning.
@Suite("Outside input: no crash, no silent wrong number")
struct OutsideInputTests {
    @Test func threadCountsAreClampedToTheDocumentedMaximumWithAWarning() {
        let messages = Mutex<[String]>([])
        let previous = KerasLog.setSink { _, message in messages.withLock { $0.append(message) } }
        defer { KerasLog.setSink(previous) }
        #expect(KerasConfig.maxThreads == 4096)
        #expect(KerasConfig.clamped(threads: 100_000) == 4096)
        #expect(KerasConfig.clamped(threads: 50_000) == 4096)
        #expect(KerasConfig.clamped(threads: 4096) == 4096)
        #expect(KerasConfig.clamped(threads: 3) == 3)
        #expect(KerasConfig.clamped(threads: 0) == 1)
        let warnings = messages.withLock { $0 }.filter { $0.hasPrefix("threads:") }
        #expect(warnings == ["threads: 100000 is more than the maximum of 4096; using 4096",
                             "threads: 50000 is more than the maximum of 4096; using 4096"])
    }

    /// Keras on TensorFlow raises for a sparse label outside the classes; the one-hot row of such
    /// a label used to be all zeros, and `fit` reported `loss: 0.0`.
    @Test func sparseLabelsOutsideTheClassesAreAnErrorNamingLabelAndClassCount() throws {
        let model = try Sequential([Dense(10, activation: .softmax, inputDim: 2)])
        try model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy())
        let x = Tensor([[1, 2], [3, 4], [5, 6]] as [[Float]])
        for labels in [[1, 12, 3] as [Float], [1, -1, 3], [1, 2.5, 3]] {
            let y = Tensor(labels, shape: [3])
            #expect {
                try model.fit(x, y, epochs: 1, verbose: 0)
            } throws: { error in
                guard let error = error as? KerasError else { return false }
                return error.message.contains("label \(labels[1] == 2.5 ? "2.5" : String(Int(labels[1])))")
                    && error.message.contains("[0, 10)") && error.message.contains("10 classes")
            }
            #expect(throws: KerasError.self) { _ = try model.evaluate(x, y, verbose: 0) }
        }
        // Labels in range, integer dtype and with a trailing axis of 1, train.
        let history = try model.fit(x, Tensor([0, 9, 3] as [Int32], shape: [3, 1]), epochs: 1, verbose: 0)
        #expect(history.history["loss"]?.first.map { $0 > 0 && $0.isFinite } == true)
    }

    @Test func atomicWriterChecksAndCleansUp() throws {
        let directory = NSTemporaryDirectory() + "swiftkeras-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // checkWritable: a missing directory, a virtual file system, a directory as the target.
        #expect(throws: KerasError.self) { try AtomicFile.checkWritable("/nonexistent-dir/x.weights.h5") }
        #expect(throws: KerasError.self) { try AtomicFile.checkWritable("/proc/x.svg") }
        #expect(throws: KerasError.self) { try AtomicFile.checkWritable(directory) }
        try AtomicFile.checkWritable(directory + "/ok.weights.h5")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "the probe file was left behind")

        // A failing body leaves neither the target nor the temporary file.
        let target = directory + "/out.bin"
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try AtomicFile.write(to: target) { temporary in
                FileManager.default.createFile(atPath: temporary, contents: Data([1, 2, 3]))
                throw Failure()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        // A body that writes nothing is an error too (nothing to flush), and leaves nothing.
        #expect(throws: KerasError.self) { try AtomicFile.write(to: target) { _ in } }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        // Success: only the target, with the content.
        try AtomicFile.write(to: target) { temporary in
            FileManager.default.createFile(atPath: temporary, contents: Data([4, 5]))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.bin"])
        #expect(FileManager.default.contents(atPath: target) == Data([4, 5]))
    }
}
