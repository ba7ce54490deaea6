import CFFI
import CKerasABI

/// A call interface for one plugin Lambda function, built with libffi from its parsed
/// signature: the tensor handles, then each scalar as its C type, then the output-handle
/// array; the result is a `keras_error *`.
final class FFIFunctionCall: @unchecked Sendable {
    private let cif: UnsafeMutablePointer<ffi_cif>
    private let argumentTypes: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>
    private let entry: @convention(c) () -> Void
    let signature: FunctionSignature

    /// Prepares the call interface (kept for the life of the process).
    init(entry: @escaping @convention(c) () -> Void, signature: FunctionSignature) throws {
        self.entry = entry
        self.signature = signature
        let count = signature.tensorNames.count + signature.scalars.count + 1
        argumentTypes = .allocate(capacity: count)
        var index = 0
        for _ in signature.tensorNames { argumentTypes[index] = FFIFunctionCall.type(.pointer); index += 1 }
        for scalar in signature.scalars { argumentTypes[index] = FFIFunctionCall.type(scalar.type); index += 1 }
        argumentTypes[index] = FFIFunctionCall.type(.pointer)
        cif = .allocate(capacity: 1)
        let status = ffi_prep_cif(cif, FFI_DEFAULT_ABI, UInt32(count), FFIFunctionCall.type(.pointer), argumentTypes)
        guard status == FFI_OK else {
            throw KerasError(.plugin, "libffi could not prepare a call for the signature \(signature) (status \(status.rawValue))")
        }
    }

    private enum Kind { case pointer, scalar(FunctionSignature.ScalarType) }

    private static func type(_ scalar: FunctionSignature.ScalarType) -> UnsafeMutablePointer<ffi_type> { type(.scalar(scalar)) }

    private static func type(_ kind: Kind) -> UnsafeMutablePointer<ffi_type> {
        switch kind {
        case .pointer: cffi_type_pointer()
        case .scalar(.double): cffi_type_double()
        case .scalar(.float): cffi_type_float()
        case .scalar(.int32): cffi_type_sint32()
        case .scalar(.int64): cffi_type_sint64()
        case .scalar(.bool): cffi_type_uint8()
        }
    }

    /// Calls the entry with `handles` (one per tensor parameter), `scalars` (in signature order)
    /// and `outputs` (one slot per result); returns the plugin's error, or nil.
    func call(handles: [OpaquePointer], scalars: [ScalarArgument],
              outputs: UnsafeMutablePointer<OpaquePointer?>) -> UnsafeMutablePointer<keras_error>? {
        precondition(handles.count == signature.tensorNames.count && scalars.count == signature.scalars.count)
        let count = handles.count + scalars.count + 1
        // Every argument gets an 8-byte, 8-aligned cell; libffi reads the C type from the cif.
        let cells = UnsafeMutableRawPointer.allocate(byteCount: 8 * count, alignment: 8)
        let values = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: count)
        defer { cells.deallocate(); values.deallocate() }
        for i in 0..<count { values[i] = cells + 8 * i }
        for (i, handle) in handles.enumerated() { cells.storeBytes(of: handle, toByteOffset: 8 * i, as: OpaquePointer.self) }
        for (j, scalar) in scalars.enumerated() {
            let offset = 8 * (handles.count + j)
            switch scalar {
            case .double(let v): cells.storeBytes(of: v, toByteOffset: offset, as: Double.self)
            case .float(let v): cells.storeBytes(of: v, toByteOffset: offset, as: Float.self)
            case .int32(let v): cells.storeBytes(of: v, toByteOffset: offset, as: Int32.self)
            case .int64(let v): cells.storeBytes(of: v, toByteOffset: offset, as: Int64.self)
            case .bool(let v): cells.storeBytes(of: v ? 1 : 0, toByteOffset: offset, as: UInt8.self)
            }
        }
        cells.storeBytes(of: outputs, toByteOffset: 8 * (count - 1), as: UnsafeMutablePointer<OpaquePointer?>.self)
        var result: UInt64 = 0
        ffi_call(cif, entry, &result, values)
        return UnsafeMutablePointer<keras_error>(bitPattern: UInt(result))
    }
}
