import Testing
@testable import Keras

/// ModelCheckpoint file paths format like Python's `str.format`.
@Suite struct CheckpointPathTests {
    func format(_ template: String, _ values: [String: CheckpointPath.Value]) throws -> String {
        try CheckpointPath(template).format(values)
    }

    @Test func kerasDocumentationPatterns() throws {
        #expect(try format("weights.{epoch:02d}-{val_loss:.2f}.weights.h5", ["epoch": 3, "val_loss": 0.4213]) == "weights.03-0.42.weights.h5")
        #expect(try format("ckpt/{epoch}.weights.h5", ["epoch": 12]) == "ckpt/12.weights.h5")
        #expect(try format("best.weights.h5", ["epoch": 1]) == "best.weights.h5")
    }

    @Test func formatSpecsFollowPython() throws {
        #expect(try format("{loss}", ["loss": 0.5]) == "0.5")          // repr
        #expect(try format("{loss}", ["loss": 2.0]) == "2.0")
        #expect(try format("{loss:.3e}", ["loss": 0.00025]) == "2.500e-04")
        #expect(try format("{acc:.1%}", ["acc": 0.875]) == "87.5%")
        #expect(try format("{loss:+.1f}", ["loss": 0.26]) == "+0.3")
        #expect(try format("{loss:.2f}", ["loss": -1.005]) == "-1.00")
        #expect(try format("{epoch:>4}|{epoch:<4}|{epoch:^5}", ["epoch": 3]) == "   3|3   |  3  ")
        #expect(try format("{epoch:*>4}", ["epoch": 7]) == "***7")
        #expect(try format("{epoch:05.1f}", ["epoch": 3]) == "003.0")
        #expect(try format("{epoch:03d}", ["epoch": -4]) == "-04")
        #expect(try format("{{epoch}}-{epoch}", ["epoch": 1]) == "{epoch}-1")
    }

    @Test func badTemplatesThrowAtCreation() {
        for bad in ["ckpt-{epoch", "ckpt-}", "{epoch:q}", "{epoch!r}", "{}", "{epoch:.f}"] {
            #expect(throws: KerasError.self) { try CheckpointPath(bad) }
        }
    }

    @Test func missingFieldsAndMisfitSpecsThrowWhenFormatting() throws {
        let error = #expect(throws: KerasError.self) { try format("{epoch}-{val_loss:.2f}", ["epoch": 1, "loss": 0.3]) }
        #expect(error?.message.contains("'val_loss'") == true)
        #expect(throws: KerasError.self) { try format("{loss:d}", ["loss": 0.3]) }      // Python refuses 'd' for floats
        #expect(throws: KerasError.self) { try format("{epoch:.2}", ["epoch": 1]) }     // and precision for ints
    }

    @Test func fieldNamesAreListed() throws {
        #expect(try CheckpointPath("a{epoch:02d}b{val_loss}").fieldNames == ["epoch", "val_loss"])
    }
}
