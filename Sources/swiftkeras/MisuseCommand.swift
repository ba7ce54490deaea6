import ArgumentParser
import Keras

/// `swiftkeras misuse <case>` (hidden): commits one programming error on purpose, so that a test
/// can check — on a release build too — that the process stops with a message naming the op,
/// the shapes and what was expected (docs/reliability.md). Never useful otherwise.
struct MisuseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "misuse",
        abstract: "Commit a programming error on purpose (for the reliability tests).",
        shouldDisplay: false
    )

    /// The misuses of issue 14, each a call that must stop with a message.
    enum Case: String, ExpressibleByArgument, CaseIterable {
        case dot, reshape, tensor, add
    }

    @Argument(help: "One of: dot, reshape, tensor, add.") var misuse: Case

    func run() throws {
        try ActiveBackend.select("reference")
        let result: Tensor
        switch misuse {
        case .dot: result = K.dot(Tensor(shape: [2, 2]), Tensor(shape: [4, 5]))
        case .reshape: result = K.reshape(Tensor(shape: [6]), [4, 2])
        case .tensor: result = Tensor([1, 2, 3] as [Float], shape: [2, 2])
        case .add: result = Tensor(shape: [2, 3]) + Tensor(shape: [4, 5])
        }
        // Reached only if the check did not hold: say so, so the test fails with a clear reason.
        print("misuse \(misuse.rawValue) was not stopped; it returned a tensor of shape \(result.shape)")
    }
}
