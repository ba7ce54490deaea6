/// An error a kernel throws; KerasPluginKit turns it into the host's `keras_error`.
///
/// Throw ``unimplemented(_:)`` to decline operands you do not handle: the host then runs the op
/// on its reference backend (under the user's fallback policy). Any other error is reported to
/// the user with its message; a Swift error that is not a `KernelError` becomes an internal
/// error carrying its description.
///
/// ```swift
/// guard a.dtype == .float32 else { throw KernelError.unimplemented("only float32") }
/// ```
public struct KernelError: Error, Sendable, CustomStringConvertible {
    /// The `keras_status` codes an error can carry.
    public enum Status: Int32, Sendable {
        case unimplemented = 1, invalidArgument, outOfMemory, `internal`, abiMismatch
    }

    public var status: Status
    public var message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// "Not here": the host falls back to its reference backend.
    public static func unimplemented(_ message: String = "not implemented for these operands") -> KernelError {
        KernelError(.unimplemented, message)
    }

    /// The operands break the kernel's contract.
    public static func invalidArgument(_ message: String) -> KernelError { KernelError(.invalidArgument, message) }

    /// Something else failed inside the plugin.
    public static func failure(_ message: String) -> KernelError { KernelError(.internal, message) }

    public var description: String { message }
}
