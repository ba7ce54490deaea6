#if canImport(Glibc)
import Glibc
#endif
import CDNNL
import KerasPluginKit
import Synchronization

/// A created oneDNN primitive with the memory layouts it was made for.
///
/// Made with the user scratchpad mode: each execution allocates its own scratchpad, so one
/// primitive runs concurrently from several threads without sharing temporary memory.
final class Primitive: @unchecked Sendable {
    let descriptor: OpaquePointer
    let primitive: OpaquePointer
    /// Bytes of scratchpad each execution needs.
    let scratchpadBytes: Int

    /// Takes ownership of `descriptor` (a primitive descriptor).
    init(_ descriptor: OpaquePointer, _ label: @autoclosure () -> String) throws {
        self.descriptor = descriptor
        var made: OpaquePointer?
        let status = dnnl_primitive_create(&made, descriptor)
        guard status == dnnl_success, let made else {
            dnnl_primitive_desc_destroy(descriptor)
            try DNNLCall.check(status == dnnl_success ? dnnl_runtime_error : status, "creating \(label())")
            fatalError("unreachable")
        }
        primitive = made
        scratchpadBytes = DNNLShim.query(descriptor, dnnl_query_scratchpad_md)?.byteCount ?? 0
    }

    deinit {
        dnnl_primitive_destroy(primitive)
        dnnl_primitive_desc_destroy(descriptor)
    }

    /// The layout the primitive chose for `what`.
    func layout(_ what: dnnl_query_t) -> MemoryDescriptor? { DNNLShim.query(descriptor, what) }

    /// One argument of an execution: its `DNNL_ARG_*`, its layout and its data.
    struct Argument {
        let kind: Int32
        let layout: MemoryDescriptor
        let data: UnsafeMutableRawPointer?

        init(_ kind: Int32, _ layout: MemoryDescriptor, _ data: UnsafeMutableRawPointer?) {
            self.kind = kind
            self.layout = layout
            self.data = data
        }
    }

    /// Executes the primitive on `arguments` and waits for it.
    func execute(_ arguments: [Argument], engine: DNNLEngine, label: @autoclosure () -> String) throws {
        var memories: [OpaquePointer] = []
        memories.reserveCapacity(arguments.count + 1)
        var scratchpad: UnsafeMutableRawPointer?
        defer {
            for memory in memories { dnnl_memory_destroy(memory) }
            free(scratchpad)
        }
        var args: [dnnl_exec_arg_t] = []
        for argument in arguments {
            let memory = try argument.layout.memory(engine: engine.engine, data: argument.data)
            memories.append(memory)
            args.append(dnnl_exec_arg_t(arg: argument.kind, memory: memory))
        }
        if scratchpadBytes > 0, let layout = layout(dnnl_query_scratchpad_md) {
            guard posix_memalign(&scratchpad, 64, scratchpadBytes) == 0 else {
                throw KernelError(.outOfMemory, "\(label()): no memory for a \(scratchpadBytes)-byte scratchpad")
            }
            let memory = try layout.memory(engine: engine.engine, data: scratchpad)
            memories.append(memory)
            args.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: memory))
        }
        try engine.withStream { stream in
            try DNNLCall.check(dnnl_primitive_execute(primitive, stream, Int32(args.count), args), "executing \(label())")
            try DNNLCall.check(dnnl_stream_wait(stream), "waiting for \(label())")
        }
    }
}

/// Primitive attributes the plugin uses for every primitive: user scratchpad.
enum PrimitiveAttributes {
    /// Calls `body` with a fresh attribute object (destroyed afterwards).
    static func with<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        var attributes: OpaquePointer?
        try DNNLCall.check(dnnl_primitive_attr_create(&attributes), "primitive attributes")
        defer { dnnl_primitive_attr_destroy(attributes) }
        try DNNLCall.check(dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user), "scratchpad mode")
        return try body(attributes!)
    }
}

/// What identifies a primitive: the op (with its algorithm and pass) and every number that
/// shaped it — dims, strides, geometry, axes, flags. Only float32 primitives are made, so the
/// dtype is part of the op name.
struct PrimitiveKey: Hashable, Sendable {
    let op: String
    let numbers: [Int]

    init(_ op: String, _ numbers: [Int]) {
        self.op = op
        self.numbers = numbers
    }
}

/// Primitives already made, so a training loop creates each once.
///
/// Thread-safe. Creation happens outside the lock (two threads may both make a missing
/// primitive; the first one stored wins). When the cache holds ``capacity`` primitives it is
/// emptied; primitives still executing stay alive until their callers release them.
enum PrimitiveCache {
    static let capacity = 1024
    private static let entries = Mutex<[PrimitiveKey: Primitive]>([:])
    private static let counters = Mutex<(hits: Int, misses: Int)>((0, 0))

    /// The cached primitive for `key`, or the one `make` creates (then cached).
    static func primitive(_ key: PrimitiveKey, _ make: () throws -> Primitive) throws -> Primitive {
        if let hit = entries.withLock({ $0[key] }) {
            counters.withLock { $0.hits += 1 }
            return hit
        }
        counters.withLock { $0.misses += 1 }
        let made = try make()
        return entries.withLock { entries in
            if let raced = entries[key] { return raced }
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = made
            return made
        }
    }

    /// Lookups answered from the cache and primitives created, since the process started.
    static var statistics: (hits: Int, misses: Int) { counters.withLock { $0 } }
}
