import CKerasABI
import Foundation

/// A host tensor lent to a plugin as a `keras_tensor_handle`: reference-counted with
/// `Unmanaged`, holding the tensor and a C copy of its shape that lives as long as the handle.
final class HostTensorHandle {
    let tensor: Tensor
    let shape: UnsafeMutablePointer<Int64>

    init(_ tensor: Tensor) {
        self.tensor = tensor
        shape = .allocate(capacity: max(1, tensor.rank))
        for (i, d) in tensor.shape.enumerated() { shape[i] = Int64(d) }
    }

    deinit { shape.deallocate() }

    /// A new handle with one reference, owned by the plugin.
    func retainedHandle() -> OpaquePointer { OpaquePointer(Unmanaged.passRetained(self).toOpaque()) }

    /// The tensor of a handle whose reference passes to the caller (a plugin's result).
    static func take(_ handle: OpaquePointer) -> Tensor {
        Unmanaged<HostTensorHandle>.fromOpaque(UnsafeRawPointer(handle)).takeRetainedValue().tensor
    }

    static func from(_ handle: OpaquePointer) -> HostTensorHandle {
        Unmanaged<HostTensorHandle>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }
}

/// The tensor functions of the host table: creating, describing and releasing host tensors,
/// and running `K` ops on them by their Keras names (the same table the conformance runner
/// uses, ``ConformanceOps``), so that what a plugin composes is differentiable on any backend.
enum HostTensorHandles {
    static func create(_ descriptor: UnsafePointer<keras_tensor>?,
                       _ error: UnsafeMutablePointer<UnsafeMutablePointer<keras_error>?>?) -> OpaquePointer? {
        func fail(_ message: String) -> OpaquePointer? {
            error?.pointee = HostAPI.makeError(KERAS_STATUS_INVALID_ARGUMENT, "tensor_create: \(message)")
            return nil
        }
        guard let descriptor else { return fail("no descriptor") }
        let d = descriptor.pointee
        guard let dtype = DType(abiCode: d.dtype) else { return fail("unknown dtype code \(d.dtype)") }
        guard d.rank >= 0, d.rank == 0 || d.shape != nil else { return fail("rank \(d.rank) without a shape") }
        let shape = (0..<Int(d.rank)).map { Int(d.shape![$0]) }
        guard shape.allSatisfy({ $0 >= 0 }) else { return fail("negative dimension in \(shape)") }
        var tensor = Tensor(uninitializedShape: shape, dtype: dtype)
        let byteCount = tensor.byteCount
        tensor.withUnsafeMutableRawPointer { target in
            if let source = d.data {
                target.copyMemory(from: source, byteCount: byteCount)
            } else {
                target.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
            }
        }
        return HostTensorHandle(tensor).retainedHandle()
    }

    static func describe(_ handle: OpaquePointer?, _ out: UnsafeMutablePointer<keras_tensor>?) {
        guard let handle, let out else { return }
        let box = HostTensorHandle.from(handle)
        out.pointee = keras_tensor(struct_size: UInt64(MemoryLayout<keras_tensor>.size), dtype: box.tensor.dtype.abiCode,
                                   rank: Int32(box.tensor.rank), shape: UnsafePointer(box.shape),
                                   count: Int64(box.tensor.count), data: box.tensor.storage.pointer)
    }

    static func retain(_ handle: OpaquePointer?) {
        guard let handle else { return }
        _ = Unmanaged<HostTensorHandle>.fromOpaque(UnsafeRawPointer(handle)).retain()
    }

    static func release(_ handle: OpaquePointer?) {
        guard let handle else { return }
        Unmanaged<HostTensorHandle>.fromOpaque(UnsafeRawPointer(handle)).release()
    }

    static func callOp(_ name: UnsafePointer<CChar>?, _ inputs: UnsafePointer<OpaquePointer?>?, _ count: Int32,
                       _ attributesJSON: UnsafePointer<CChar>?, _ outputs: UnsafeMutablePointer<OpaquePointer?>?,
                       _ capacity: Int32, _ produced: UnsafeMutablePointer<Int32>?) -> UnsafeMutablePointer<keras_error>? {
        guard let name else { return HostAPI.makeError(KERAS_STATUS_INVALID_ARGUMENT, "call_op: no op name") }
        let opName = String(cString: name)
        guard count >= 0, count <= 4096, count == 0 || inputs != nil else {
            return HostAPI.makeError(KERAS_STATUS_INVALID_ARGUMENT, "call_op(\(opName)): \(count) inputs without an input array")
        }
        guard capacity >= 0, capacity == 0 || outputs != nil else {
            return HostAPI.makeError(KERAS_STATUS_INVALID_ARGUMENT, "call_op(\(opName)): output capacity \(capacity) without an output array")
        }
        var args: [Tensor] = []
        for i in 0..<Int(count) {
            guard let handle = inputs?[i] else {
                return HostAPI.makeError(KERAS_STATUS_INVALID_ARGUMENT, "call_op(\(opName)): input \(i) is NULL")
            }
            args.append(HostTensorHandle.from(handle).tensor)
        }
        var attributes: [String: JSONValue] = [:]
        if let attributesJSON {
            let text = String(cString: attributesJSON)
            guard let parsed = try? JSONValue.parse(Data(text.utf8), source: "call_op(\(opName)) attributes"),
                  case .object(let object) = parsed else {
                return HostAPI.makeError(KERAS_STATUS_INVALID_ARGUMENT, "call_op(\(opName)): attributes are not a JSON object: \(text)")
            }
            attributes = object
        }
        do {
            let results = try run(opName, args, attributes)
            for (i, result) in results.prefix(Int(capacity)).enumerated() {
                outputs?[i] = HostTensorHandle(result).retainedHandle()
            }
            produced?.pointee = Int32(results.count)
            return nil
        } catch let error as KerasError {
            let status = error.kind == .unimplemented ? KERAS_STATUS_UNIMPLEMENTED : KERAS_STATUS_INVALID_ARGUMENT
            return HostAPI.makeError(status, error.message)
        } catch {
            return HostAPI.makeError(KERAS_STATUS_INVALID_ARGUMENT, "call_op(\(opName)): \(error)")
        }
    }

    /// Runs K function or native op `name` after checking its arguments. While the process's
    /// backend is not chosen yet (a plugin's `init` during discovery), it runs on the reference
    /// backend, so that choosing the backend never waits for itself.
    static func run(_ name: String, _ args: [Tensor], _ attributes: [String: JSONValue]) throws -> [Tensor] {
        let body: () throws -> [Tensor] = {
            if let op = PluginComponentRegistry.nativeOp(named: name) {
                return try NativeOps.run(op, args, attributes: attributes)
            }
            guard let evaluate = ConformanceOps.table[name] else {
                throw KerasError(.unimplemented, "call_op: unknown Keras backend function '\(name)'")
            }
            try CallOpValidation.check(name, args, attributes)
            return try evaluate(args, OpAttributes(attributes, caseID: "call_op(\(name))"))
        }
        if PluginRegistry.isLoading && ActiveBackend.scoped == nil && !ActiveBackend.isFixed {
            return try ActiveBackend.withBackend(ReferenceBackend.shared, body)
        }
        return try body()
    }
}
