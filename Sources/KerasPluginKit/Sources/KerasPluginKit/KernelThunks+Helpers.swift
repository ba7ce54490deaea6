// The file-level helpers of the generated kernel thunks (KernelThunks.swift,
// KernelThunks+ABI11.swift, written by scripts/generate-kernel-thunks.py): C function pointers
// cannot capture, not even the enclosing type.

/// The input or output operand at `pointer` (never NULL for a required operand).
@inline(__always)
func view(_ pointer: UnsafePointer<keras_tensor>?) -> TensorView { TensorView(pointer!) }

/// An optional input operand (`keras_in_optional`): NULL is `nil`.
@inline(__always)
func optionalView(_ pointer: UnsafePointer<keras_tensor>?) -> TensorView? { pointer.map(TensorView.init) }

/// `count` operands of a `const keras_tensor *const *` list.
@inline(__always)
func tensorViews(_ pointers: UnsafePointer<UnsafePointer<keras_tensor>?>?, _ count: Int32) -> [TensorView] {
    (0..<Int(count)).map { TensorView(pointers![$0]!) }
}

/// `count` entries of a `const int64_t *` array (none when the pointer is NULL).
@inline(__always)
func ints(_ pointer: UnsafePointer<Int64>?, _ count: Int) -> [Int] {
    guard let pointer, count > 0 else { return [] }
    return (0..<count).map { Int(pointer[$0]) }
}

/// The error for an op or parameter code this build of the kit does not know.
@inline(__always)
func unknownOp(_ plugin: BackendPlugin, _ kind: String, _ code: Int32) -> UnsafeMutablePointer<keras_error>? {
    plugin.makeError(.unimplemented("unknown \(kind) op code \(code)"))
}
