#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// The C functions of a `keras_layer_class`, routing each call to the Swift ``CustomLayer``
/// behind the class's `context` and the instance handle, and turning thrown errors into host
/// errors.
enum LayerClassThunks {
    final class ClassBox: @unchecked Sendable {
        let layerClass: LayerClass
        init(_ layerClass: LayerClass) { self.layerClass = layerClass }
    }

    final class InstanceBox {
        let layer: any CustomLayer
        init(_ layer: any CustomLayer) { self.layer = layer }
    }

    static func table(for layerClass: LayerClass) -> keras_layer_class {
        var c = keras_layer_class()
        c.struct_size = UInt64(MemoryLayout<keras_layer_class>.size)
        c.name = UnsafePointer(strdup(layerClass.name))
        c.context = Unmanaged.passRetained(ClassBox(layerClass)).toOpaque()
        c.create = { context, json, out in
            hostResult {
                let box = Unmanaged<ClassBox>.fromOpaque(context!).takeUnretainedValue()
                let config = try ConfigValue.parseObject(json.map { String(cString: $0) }, "config of \(box.layerClass.name)")
                let layer = try box.layerClass.type.init(config: LayerConfig(config))
                out?.pointee = OpaquePointer(Unmanaged.passRetained(InstanceBox(layer)).toOpaque())
            }
        }
        c.build = { _, instance, build, shapes, count in
            hostResult {
                try LayerClassThunks.layer(instance).build(WeightBuilder(context: build), inputShapes: readShapes(shapes, count))
            }
        }
        c.compute_output_shape = { _, instance, shapes, count, outputs, capacity, produced in
            hostResult {
                let result = try LayerClassThunks.layer(instance).computeOutputShapes(readShapes(shapes, count))
                guard result.count <= Int(capacity) else { throw KernelError.invalidArgument("\(result.count) output shapes, room for \(capacity)") }
                for (i, shape) in result.enumerated() { outputs![i] = try makeShape(shape) }
                produced?.pointee = Int32(result.count)
            }
        }
        c.call = { _, instance, inputs, inputCount, weights, weightCount, training, outputs, capacity, produced in
            hostResult {
                let ins = (0..<Int(inputCount)).map { HostTensor(borrowing: inputs![$0]!) }
                let ws = (0..<Int(weightCount)).map { HostTensor(borrowing: weights![$0]!) }
                let results = try LayerClassThunks.layer(instance).call(ins, weights: ws, training: training != 0)
                guard results.count <= Int(capacity) else { throw KernelError.invalidArgument("\(results.count) outputs, room for \(capacity)") }
                for (i, result) in results.enumerated() { outputs![i] = result.passRetained() }
                produced?.pointee = Int32(results.count)
            }
        }
        c.get_config = { _, instance, out in
            hostResult {
                let text = ConfigValue.text(.object(try LayerClassThunks.layer(instance).getConfig()))
                let bytes = Array(text.utf8CString)
                guard let memory = HostServices.host.allocate(byteCount: bytes.count, alignment: 8) else {
                    throw KernelError(.outOfMemory, "get_config: out of memory")
                }
                bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
                out?.pointee = memory.assumingMemoryBound(to: CChar.self)
            }
        }
        c.destroy = { _, instance in
            guard let instance else { return }
            Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance)).release()
        }
        return c
    }

    private static func layer(_ instance: OpaquePointer?) throws -> any CustomLayer {
        guard let instance else { throw KernelError.invalidArgument("no layer instance") }
        return Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance)).takeUnretainedValue().layer
    }
}

/// Shapes from the host's `keras_shape` array.
func readShapes(_ shapes: UnsafePointer<keras_shape>?, _ count: Int32) -> [TensorShape] {
    (0..<Int(count)).map { i in
        var s = shapes![i]
        let rank = Int(max(0, min(s.rank, Int32(KERAS_MAX_RANK))))
        let dims: [Int?] = withUnsafeBytes(of: &s.dims) { raw in
            let d = raw.bindMemory(to: Int64.self)
            return (0..<rank).map { d[$0] < 0 ? nil : Int(d[$0]) }
        }
        return TensorShape(dims, dtype: DType(abiCode: s.dtype) ?? .float32)
    }
}

/// A `keras_shape` for `shape`.
func makeShape(_ shape: TensorShape) throws -> keras_shape {
    guard shape.rank <= Int(KERAS_MAX_RANK) else { throw KernelError.invalidArgument("rank \(shape.rank) exceeds \(KERAS_MAX_RANK)") }
    var s = keras_shape()
    s.struct_size = UInt64(MemoryLayout<keras_shape>.size)
    s.rank = Int32(shape.rank)
    s.dtype = shape.dtype.abiCode
    withUnsafeMutableBytes(of: &s.dims) { raw in
        let d = raw.bindMemory(to: Int64.self)
        for (i, v) in shape.dimensions.enumerated() { d[i] = Int64(v ?? -1) }
    }
    return s
}
