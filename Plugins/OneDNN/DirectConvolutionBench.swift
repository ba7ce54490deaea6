import CDNNL
import KerasPluginKit

/// For `swiftkeras bench onednn` only (not part of the plugin ABI): runs a float32 2-D
/// convolution forward `iterations` times the way a program using oneDNN directly would — one
/// primitive, the weights reordered once to the primitive's layout, memory objects and a
/// stream made once — so the bench can compare `K.conv2d` on the `onednn` backend with the
/// bare primitive. Shapes: x `(n, h, w, c)`, kernel `(kh, kw, c, oc)`, stride 1, `same`
/// padding for odd kernels, y `(n, h, w, oc)`. Returns 0, or -1 when a oneDNN call failed.
@_cdecl("keras_onednn_bench_direct_conv2d")
public func kerasOneDNNBenchDirectConv2D(_ n: Int64, _ h: Int64, _ w: Int64, _ c: Int64, _ kh: Int64, _ kw: Int64, _ oc: Int64,
                                         _ x: UnsafeMutableRawPointer, _ kernel: UnsafeMutableRawPointer,
                                         _ y: UnsafeMutableRawPointer, _ iterations: Int64) -> Int32 {
    do {
        let (n, h, w, c, kh, kw, oc) = (Int(n), Int(h), Int(w), Int(c), Int(kh), Int(kw), Int(oc))
        let parameters = ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [(kh - 1) / 2, (kw - 1) / 2],
                                               paddingAfter: [kh / 2, kw / 2], groups: 1)
        let problem = Convolution.Problem(input: [n, h, w, c], kernel: [kh, kw, c, oc], output: [n, h, w, oc], parameters: parameters)
        let engine = try DNNLEngine.get()
        let primitive = try problem.forward(engine)
        let wanted = primitive.layout(dnnl_query_weights_md)!
        let weights = try Scratch(bytes: wanted.byteCount)
        defer { weights.free() }
        let reorder = try Primitive(DNNLShim.reorder(from: try problem.hostWeights, to: wanted, engine: engine.engine), "reorder")
        try reorder.execute([.init(DNNL_ARG_FROM, try problem.hostWeights, kernel), .init(DNNL_ARG_TO, wanted, weights.pointer)],
                            engine: engine, label: "reorder")
        let scratchpad = try Scratch(bytes: primitive.scratchpadBytes)
        defer { scratchpad.free() }
        let arguments: [(Int32, MemoryDescriptor, UnsafeMutableRawPointer)] = [
            (DNNL_ARG_SRC, try Convolution.Problem.activation(problem.input), x), (DNNL_ARG_WEIGHTS, wanted, weights.pointer),
            (DNNL_ARG_DST, try Convolution.Problem.activation(problem.output), y),
        ] + (primitive.scratchpadBytes > 0 ? [(DNNL_ARG_SCRATCHPAD, primitive.layout(dnnl_query_scratchpad_md)!, scratchpad.pointer)] : [])
        let memories = try arguments.map { try $0.1.memory(engine: engine.engine, data: $0.2) }
        defer { for memory in memories { dnnl_memory_destroy(memory) } }
        let args = zip(arguments, memories).map { dnnl_exec_arg_t(arg: $0.0, memory: $1) }
        try engine.withStream { stream in
            for _ in 0..<iterations {
                try DNNLCall.check(dnnl_primitive_execute(primitive.primitive, stream, Int32(args.count), args), "execute")
                try DNNLCall.check(dnnl_stream_wait(stream), "wait")
            }
        }
        return 0
    } catch {
        return -1
    }
}
