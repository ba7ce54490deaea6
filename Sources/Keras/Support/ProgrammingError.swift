/// Programming errors — a `K` call, a `Tensor` initialiser or a layer used against its contract
/// (`K.dot` of `[2, 2]` and `[4, 5]`, `K.reshape` of 6 elements to `[4, 2]`, `a + b` with shapes
/// that do not broadcast) — stop the process with a message naming the op, the shapes and what
/// was expected, in debug **and** release builds.
///
/// Swift's own `precondition` is removed by `-Ounchecked` and, under `-O`, dies with
/// "Illegal instruction" and no message. Inside the `Keras` module these two functions shadow
/// the standard library's, so every `precondition(…)` and `preconditionFailure(…)` written in
/// the module — including ones added later — goes through ``ProgrammingError/stop(_:file:line:)``,
/// which always prints. Errors caused by input from outside (files, configs, data passed to
/// `fit`) are thrown as ``KerasError`` instead and never reach these.
///
/// ```swift
/// K.dot(Tensor(shape: [2, 2]), Tensor(shape: [4, 5]))
/// // Fatal error: SwiftKeras programming error: K.dot: the last axis of x (2) differs from the
/// // second-to-last axis of y (4); shapes [2, 2] and [4, 5]
/// ```
enum ProgrammingError {
    /// Prints `message` (prefixed so that it is recognisable in a log) with the call site and
    /// stops the process. `fatalError` prints in every build configuration.
    @inline(never)
    static func stop(_ message: String, file: StaticString, line: UInt) -> Never {
        fatalError("SwiftKeras programming error: \(message)", file: file, line: line)
    }
}

/// Checks a programming contract in every build configuration; see ``ProgrammingError``.
///
/// Shadows `Swift.precondition` inside the `Keras` module (same signature). The condition is
/// inlined; the message is built only on failure.
@_transparent
func precondition(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = String(),
                  file: StaticString = #fileID, line: UInt = #line) {
    if _slowPath(!condition()) { ProgrammingError.stop(message(), file: file, line: line) }
}

/// Reports a broken programming contract in every build configuration; see ``ProgrammingError``.
///
/// Shadows `Swift.preconditionFailure` inside the `Keras` module (same signature).
@_transparent
func preconditionFailure(_ message: @autoclosure () -> String = String(),
                         file: StaticString = #fileID, line: UInt = #line) -> Never {
    ProgrammingError.stop(message(), file: file, line: line)
}
