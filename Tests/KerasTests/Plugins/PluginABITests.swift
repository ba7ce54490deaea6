import CKerasABI
import Foundation
import Testing
import Keras
@testable import KerasCore

/// The Swift side of keras_plugin.h: op codes equal the header's, the size rule reads an
/// older plugin's smaller tables as "not provided", and the host table's services work.
@Suite struct PluginABITests {
    @Test func opCodesAreTheHeaders() {
        #expect(UnaryOp.allCases.count == Int(KERAS_UNARY_OP_COUNT.rawValue))
        #expect(UnaryOp.allCases.map(\.rawValue) == Array(0..<Int32(KERAS_UNARY_OP_COUNT.rawValue)))
        #expect(UnaryOp.relu.rawValue == Int32(KERAS_UNARY_RELU.rawValue))
        #expect(UnaryOp.isFinite.rawValue == Int32(KERAS_UNARY_IS_FINITE.rawValue))
        #expect(BinaryOp.allCases.count == Int(KERAS_BINARY_OP_COUNT.rawValue))
        #expect(BinaryOp.equal.rawValue == Int32(KERAS_BINARY_EQUAL.rawValue))
        #expect(BinaryOp.logicalXor.rawValue == Int32(KERAS_BINARY_LOGICAL_XOR.rawValue))
        #expect(ReduceOp.allCases.count == Int(KERAS_REDUCE_OP_COUNT.rawValue))
        #expect(ReduceOp.all.rawValue == Int32(KERAS_REDUCE_ALL.rawValue))
        #expect(ArgReduceOp.allCases.count == Int(KERAS_ARG_REDUCE_OP_COUNT.rawValue))
        #expect(CumulativeOp.allCases.count == Int(KERAS_CUMULATIVE_OP_COUNT.rawValue))
        #expect(PoolMode.average.rawValue == Int32(KERAS_POOL_AVERAGE.rawValue))
        #expect(BackendKernel.allCases.count == Int(KERAS_KERNEL_COUNT.rawValue))
        #expect(BackendKernel.linear.rawValue == Int32(KERAS_KERNEL_LINEAR.rawValue))
        #expect(BackendKernel.scatterAdd.rawValue == Int32(KERAS_KERNEL_SCATTER_ADD.rawValue))
        #expect(DType.allCases.map(\.abiCode) == [0, 1, 2, 3, 4, 5])
        #expect(DType(abiCode: Int32(KERAS_DTYPE_INT64.rawValue)) == .int64 && DType(abiCode: 99) == nil)
    }

    @Test func kernelSlotsFollowTheKernelEnumInOrder() {
        // One 8-byte slot per keras_kernel, starting at `unary`: the host's reading of a table
        // depends on it.
        let first = MemoryLayout<keras_backend>.offset(of: \.unary)!
        #expect(MemoryLayout<keras_backend>.offset(of: \.matmul)! == first + 8 * Int(BackendKernel.matmul.rawValue))
        #expect(MemoryLayout<keras_backend>.offset(of: \.linear)! == first + 8 * Int(BackendKernel.linear.rawValue))
        #expect(MemoryLayout<keras_backend>.size == first + 8 * BackendKernel.allCases.count)
    }

    private static let add: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<keras_tensor>?,
                                            UnsafePointer<keras_tensor>?, UnsafePointer<keras_tensor>?) -> UnsafeMutablePointer<keras_error>? = { _, _, _, _, _ in nil }

    @Test func olderPluginsSmallerTableReadsItsMissingSlotsAsNotProvided() throws {
        var table = keras_backend()
        table.name = UnsafePointer(strdup("older"))
        defer { free(UnsafeMutableRawPointer(mutating: table.name)) }
        table.binary = Self.add
        table.matmul = { _, _, _, _, _, _ in nil }
        // An older minor whose table ended just after `binary`: `matmul` lies beyond it.
        table.struct_size = UInt64(MemoryLayout<keras_backend>.offset(of: \.binary)! + 8)
        let older = try #require(withUnsafePointer(to: &table) { KernelTable($0) })
        #expect(older.name == "older")
        #expect(older.provides(.binary) && !older.provides(.matmul) && !older.provides(.linear))

        // A table too small to hold its name is malformed.
        table.struct_size = 8
        #expect(withUnsafePointer(to: &table) { KernelTable($0) } == nil)

        // Only whole fields count: 4 bytes into the `matmul` slot do not make it present.
        table.struct_size = UInt64(MemoryLayout<keras_backend>.offset(of: \.matmul)! + 4)
        let partial = try #require(withUnsafePointer(to: &table) { KernelTable($0) })
        #expect(!partial.provides(.matmul))
    }

    @Test func hostErrorsAllocatorAndThreadCount() throws {
        let host = HostAPI.table.pointer.pointee
        #expect(host.abi_major == UInt32(KERAS_ABI_VERSION_MAJOR) && host.abi_minor == UInt32(KERAS_ABI_VERSION_MINOR))
        #expect(host.struct_size == UInt64(MemoryLayout<keras_host_api>.size))
        let error = try #require(host.make_error?(Int32(KERAS_STATUS_INVALID_ARGUMENT.rawValue), "bad axis"))
        let (code, message) = PluginABI.consume(error)
        #expect(code == Int32(KERAS_STATUS_INVALID_ARGUMENT.rawValue) && message == "bad axis")
        let memory = try #require(host.allocate?(1000, 0))
        #expect(Int(bitPattern: memory) % 64 == 0)
        host.deallocate?(memory)
        #expect(host.allocate?(10, 3) == nil)  // not a power of two
        #expect(host.thread_count?() == Int32(KerasConfig.threads))
    }

    @Test func pluginsRunKOpsOnHostTensorHandles() throws {
        let host = HostAPI.table.pointer.pointee
        let shape: [Int64] = [2, 2]
        var values: [Float] = [1, 2, 3, 4]
        func handle() throws -> keras_tensor_handle {
            try shape.withUnsafeBufferPointer { dims in
                try values.withUnsafeMutableBytes { bytes in
                    var d = keras_tensor(struct_size: 40, dtype: 0, rank: 2, shape: dims.baseAddress, count: 4, data: bytes.baseAddress)
                    return try #require(host.tensor_create?(&d, nil))
                }
            }
        }
        let a = try handle(), b = try handle()
        defer { host.tensor_release?(a); host.tensor_release?(b) }
        var outputs: [keras_tensor_handle?] = [nil]
        var produced: Int32 = 0
        let inputs: [keras_tensor_handle?] = [a, b]
        let error = host.call_op?("dot", inputs, 2, "{}", &outputs, 1, &produced)
        #expect(error == nil)
        #expect(produced == 1)
        let result = try #require(outputs[0])
        defer { host.tensor_release?(result) }
        var described = keras_tensor()
        described.struct_size = 40
        host.tensor_describe?(result, &described)
        #expect(described.rank == 2 && described.shape[0] == 2 && described.shape[1] == 2)
        let product = UnsafeBufferPointer(start: described.data.assumingMemoryBound(to: Float.self), count: 4)
        #expect(Array(product) == [7, 10, 15, 22])

        let unknown = try #require(host.call_op?("no_such_op", inputs, 2, nil, &outputs, 1, &produced))
        #expect(PluginABI.consume(unknown).message == "call_op: unknown Keras backend function 'no_such_op'")
        let badAttributes = try #require(host.call_op?("dot", inputs, 2, "[1]", &outputs, 1, &produced))
        #expect(PluginABI.consume(badAttributes).message.contains("attributes are not a JSON object"))
    }
}
