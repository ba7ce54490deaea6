import KerasCore
/// Runs a golden `"kind": "op"` case: evaluates the Keras backend function through
/// ``ConformanceOps``, compares the outputs, and checks the recorded gradients against `grads`.
enum OpCaseEvaluator {
    static func evaluate(_ golden: GoldenCase) throws {
        guard let op = golden.json["op"]?.stringValue else {
            throw KerasError(.io, "\(golden.id): op case without an \"op\" name")
        }
        guard let function = ConformanceOps.table[op] else {
            throw ConformanceFailure("op `\(op)` is not implemented")
        }
        let args = try golden.tensors("args")
        let attrs = OpAttributes(golden.json["attrs"]?.objectValue ?? [:], caseID: golden.id)
        // Case files are outside input: arguments that do not fit the function are an error.
        try ConformanceOps.checkArguments(op, args, attrs)
        let expected: [Tensor]
        if golden.json["expected"]?.arrayValue != nil {
            expected = try golden.tensors("expected")
        } else {
            expected = [try golden.tensor("expected")]
        }
        let gradSpecs = golden.json["grads"]?.arrayValue
        if let gradSpecs, gradSpecs.count != args.count {
            throw KerasError(.io, "\(golden.id): \"grads\" has \(gradSpecs.count) entries for \(args.count) args")
        }

        // Differentiate the arguments that have a recorded gradient.
        let tape = GradientTape()
        let inputs = args.enumerated().map { index, arg in
            let wanted = gradSpecs.map { !$0[index].isNull } ?? false
            return wanted && arg.dtype.isFloatingPoint ? tape.watch(arg) : arg
        }
        let outputs = try tape.record { try function(inputs, attrs) }

        guard outputs.count == expected.count else {
            throw ConformanceFailure("returned \(outputs.count) outputs, expected \(expected.count)")
        }
        for (index, (got, want)) in zip(outputs, expected).enumerated() {
            if let problem = GoldenTensor.mismatch(got, want, rtol: golden.rtol, atol: golden.atol) {
                throw ConformanceFailure(expected.count == 1 ? "output: \(problem)" : "output \(index): \(problem)")
            }
        }

        guard let gradSpecs, gradSpecs.contains(where: { !$0.isNull }) else { return }
        guard outputs.count == 1 else {
            throw ConformanceFailure("gradient checks of functions with several outputs are not supported")
        }
        let cotangent = try golden.tensor("cotangent")
        let grads = tape.gradient(outputs[0], inputs, cotangent: cotangent)
        for (index, spec) in gradSpecs.enumerated() where !spec.isNull {
            let want = try GoldenTensor.decode(spec, context: "\(golden.id).grads[\(index)]")
            if let problem = GoldenTensor.mismatch(grads[index], want, rtol: golden.rtol, atol: golden.atol) {
                throw ConformanceFailure("gradient of argument \(index): \(problem)")
            }
        }
    }
}

/// A golden case whose result differs from Keras's; the message says where.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
