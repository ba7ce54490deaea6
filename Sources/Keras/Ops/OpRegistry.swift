/// The keyword arguments of a golden `op` case (`attrs`): a ``ConfigReader`` whose context
/// is the case id.
public typealias OpAttributes = ConfigReader

/// How the conformance runner evaluates one Keras backend function: from the case's tensor
/// arguments (in Keras's order) and attributes to the outputs (one, or several for functions
/// that return a list).
public typealias OpEvaluator = @Sendable (_ args: [Tensor], _ attrs: OpAttributes) throws -> [Tensor]

/// The Keras 2 backend functions the conformance runner can evaluate, by snake_case Keras name.
///
/// Each `K` family registers its own functions in a file beside this one
/// (`ConformanceOps+Math.swift`, `+Shape`, `+NN`), so the mapping from a Keras call to its Swift
/// spelling sits next to the others of its family.
public enum ConformanceOps {
    /// Every registered function.
    public static let table: [String: OpEvaluator] = {
        var table: [String: OpEvaluator] = [:]
        for family in [mathOps, shapeOps, nnOps] {
            table.merge(family) { first, _ in first }
        }
        return table
    }()

    /// Checks `args` and `attrs` against the function `name` before it runs: a golden case
    /// file (or a plugin's `call_op`) whose shapes, dtypes or attributes do not fit gets a
    /// ``KerasError`` naming the case, instead of stopping at a programming-error check in `K`.
    ///
    /// ```swift
    /// try ConformanceOps.checkArguments("dot", [a, b], attrs)   // [2, 2]·[4, 5] throws
    /// ```
    public static func checkArguments(_ name: String, _ args: [Tensor], _ attrs: OpAttributes) throws {
        try CallOpValidation.check(name, args, attrs.values, context: "\(attrs.context) (\(name))")
    }

    /// Requires exactly `n` tensor arguments.
    static func expectArgs(_ args: [Tensor], _ n: Int, _ attrs: OpAttributes) throws {
        guard args.count == n else {
            throw KerasError(.invalidArgument, "\(attrs.caseID): expected \(n) tensor arguments, received \(args.count)")
        }
    }
}
