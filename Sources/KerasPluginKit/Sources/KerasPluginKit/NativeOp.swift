#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// A native op a plugin exports: a fused forward kernel and its backward (VJP) kernel over host
/// tensors, with shape inference. The host records it in the autodiff graph and runs `backward`
/// when gradients flow through it. Callable by name from SwiftKeras (`K.nativeOp`), from other
/// plugins (``K/nativeOp(_:_:attributes:)``) and from Lambda configs.
///
/// ```swift
/// NativeOp("antirectifier_native", inputs: 1, outputs: 1,
///          infer: { shapes, _ in [TensorShape([shapes[0][0], shapes[0][1].map { 2 * $0 }], dtype: shapes[0].dtype)] },
///          forward: { inputs, outputs, _ in ... },
///          backward: { tensors, gradients, _ in ... })   // tensors: inputs, outputs, upstream gradients
/// ```
///
/// Mirrors a TensorFlow custom op with its registered gradient.
public struct NativeOp: @unchecked Sendable {
    public typealias Infer = @Sendable (_ inputShapes: [TensorShape], _ attributes: [String: ConfigValue]) throws -> [TensorShape]
    public typealias Kernel = @Sendable (_ inputs: [TensorView], _ outputs: [TensorView], _ attributes: [String: ConfigValue]) throws -> Void

    public let name: String
    public let inputCount: Int
    public let outputCount: Int
    let infer: Infer
    let forward: Kernel
    let backward: Kernel?

    /// - Parameters:
    ///   - backward: receives the forward's inputs, then its outputs, then one upstream
    ///     gradient per output, and writes one gradient per input (shaped like the input).
    public init(_ name: String, inputs: Int, outputs: Int, infer: @escaping Infer, forward: @escaping Kernel, backward: Kernel?) {
        self.name = name
        inputCount = inputs
        outputCount = outputs
        self.infer = infer
        self.forward = forward
        self.backward = backward
    }

    final class Box: @unchecked Sendable {
        let op: NativeOp
        init(_ op: NativeOp) { self.op = op }
    }

    func table() -> keras_native_op {
        var c = keras_native_op()
        c.struct_size = UInt64(MemoryLayout<keras_native_op>.size)
        c.name = UnsafePointer(strdup(name))
        c.input_count = Int32(inputCount)
        c.output_count = Int32(outputCount)
        c.context = Unmanaged.passRetained(Box(self)).toOpaque()
        c.infer = { context, shapes, count, attributes, outputs, outputCount in
            hostResult {
                let op = Unmanaged<Box>.fromOpaque(context!).takeUnretainedValue().op
                let attrs = try ConfigValue.parseObject(attributes.map { String(cString: $0) }, "attributes of \(op.name)")
                let result = try op.infer(readShapes(shapes, count), attrs)
                guard result.count == Int(outputCount) else {
                    throw KernelError.invalidArgument("\(op.name): infer gave \(result.count) shapes for \(outputCount) outputs")
                }
                for (i, shape) in result.enumerated() { outputs![i] = try makeShape(shape) }
            }
        }
        c.forward = { context, inputs, inputCount, attributes, outputs, outputCount in
            hostResult {
                let op = Unmanaged<Box>.fromOpaque(context!).takeUnretainedValue().op
                let attrs = try ConfigValue.parseObject(attributes.map { String(cString: $0) }, "attributes of \(op.name)")
                try op.forward(views(inputs, inputCount), views(outputs, outputCount), attrs)
            }
        }
        if backward != nil {
            c.backward = { context, tensors, count, attributes, gradients, gradientCount in
                hostResult {
                    let op = Unmanaged<Box>.fromOpaque(context!).takeUnretainedValue().op
                    let attrs = try ConfigValue.parseObject(attributes.map { String(cString: $0) }, "attributes of \(op.name)")
                    try op.backward!(views(tensors, count), views(gradients, gradientCount), attrs)
                }
            }
        }
        return c
    }
}

private func views(_ list: UnsafePointer<UnsafePointer<keras_tensor>?>?, _ count: Int32) -> [TensorView] {
    (0..<Int(count)).compactMap { list?[$0].map(TensorView.init) }
}
