#if canImport(Glibc)
import Glibc
#endif
import CDNNL
import KerasPluginKit

/// Moving an operand between the host's row-major layout and the layout a primitive chose
/// (oneDNN's blocked weight formats), with cached reorder primitives and a scratch buffer that
/// lives for one call. When the layouts agree the host's memory is used directly.
enum Reorder {
    /// Runs `body` with `data` (laid out as `host`) readable in layout `wanted`.
    static func input<R>(_ data: UnsafeMutableRawPointer, host: MemoryDescriptor, wanted: MemoryDescriptor, key: PrimitiveKey,
                         engine: DNNLEngine, _ body: (UnsafeMutableRawPointer) throws -> R) throws -> R {
        guard !host.isEqual(to: wanted) else { return try body(data) }
        let buffer = try Scratch(bytes: wanted.byteCount)
        defer { buffer.free() }
        try run(from: host, data, to: wanted, buffer.pointer, key: PrimitiveKey(key.op + ".reorder-in", key.numbers), engine: engine)
        return try body(buffer.pointer)
    }

    /// Runs `body` with a buffer in layout `wanted`, then stores it into `data` (laid out as
    /// `host`).
    static func output(_ data: UnsafeMutableRawPointer, host: MemoryDescriptor, wanted: MemoryDescriptor, key: PrimitiveKey,
                       engine: DNNLEngine, _ body: (UnsafeMutableRawPointer) throws -> Void) throws {
        guard !host.isEqual(to: wanted) else { return try body(data) }
        let buffer = try Scratch(bytes: wanted.byteCount)
        defer { buffer.free() }
        try body(buffer.pointer)
        try run(from: wanted, buffer.pointer, to: host, data, key: PrimitiveKey(key.op + ".reorder-out", key.numbers), engine: engine)
    }

    private static func run(from source: MemoryDescriptor, _ sourceData: UnsafeMutableRawPointer, to destination: MemoryDescriptor,
                            _ destinationData: UnsafeMutableRawPointer, key: PrimitiveKey, engine: DNNLEngine) throws {
        let primitive = try PrimitiveCache.primitive(key) {
            try Primitive(DNNLShim.reorder(from: source, to: destination, engine: engine.engine), "reorder")
        }
        try primitive.execute([.init(DNNL_ARG_FROM, source, sourceData), .init(DNNL_ARG_TO, destination, destinationData)],
                              engine: engine, label: "reorder")
    }
}

/// A 64-byte-aligned buffer for one call.
struct Scratch {
    let pointer: UnsafeMutableRawPointer

    init(bytes: Int) throws {
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, 64, max(bytes, 64)) == 0, let memory else {
            throw KernelError(.outOfMemory, "no memory for a \(bytes)-byte buffer")
        }
        pointer = memory
    }

    func free() { Glibc.free(pointer) }
}
