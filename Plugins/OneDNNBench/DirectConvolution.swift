import CDNNL

// `libOneDNNBench.so`, for `swiftkeras bench onednn` only: a float32 2-D convolution run the
// way a program using oneDNN directly would. It is a library of its own, on oneDNN's C API
// alone (no KerasPluginKit, no plugin code), so the oneDNN plugin exports nothing but the
// plugin ABI's entry point. Its name does not start with `libKeras`: backend discovery never
// loads it.

/// One failed oneDNN call.
private struct DNNLFailure: Error {}

private func check(_ status: dnnl_status_t) throws {
    guard status == dnnl_success else { throw DNNLFailure() }
}

/// Runs a float32 2-D convolution forward `iterations` times: one primitive, the weights
/// reordered once to the primitive's layout, memory objects and a stream made once, so the
/// bench can compare `K.conv2d` on the `onednn` backend with the bare primitive. Shapes: x
/// `(n, h, w, c)`, kernel `(kh, kw, c, oc)` (as Keras stores them), stride 1, `same` padding
/// for odd kernels, y `(n, h, w, oc)`. Returns 0, or -1 when a oneDNN call failed.
@_cdecl("keras_onednn_bench_direct_conv2d")
public func kerasOneDNNBenchDirectConv2D(_ n: Int64, _ h: Int64, _ w: Int64, _ c: Int64, _ kh: Int64, _ kw: Int64, _ oc: Int64,
                                         _ x: UnsafeMutableRawPointer, _ kernel: UnsafeMutableRawPointer,
                                         _ y: UnsafeMutableRawPointer, _ iterations: Int64) -> Int32 {
    var handles = Handles()
    defer { handles.destroy() }
    do {
        try check(dnnl_engine_create(&handles.engine, dnnl_cpu, 0))
        // oneDNN's logical order is (batch, channels, spatial…) / (out, in, spatial…); the format
        // tags say how Keras's channels-last tensors lie in memory.
        var source = dnnl_memory_desc_t(), destination = dnnl_memory_desc_t()
        var hostWeights = dnnl_memory_desc_t(), anyWeights = dnnl_memory_desc_t()
        try check(dnnl_memory_desc_init_by_tag(&source, 4, [n, c, h, w], dnnl_f32, dnnl_nhwc))
        try check(dnnl_memory_desc_init_by_tag(&destination, 4, [n, oc, h, w], dnnl_f32, dnnl_nhwc))
        try check(dnnl_memory_desc_init_by_tag(&hostWeights, 4, [oc, c, kh, kw], dnnl_f32, dnnl_hwio))
        try check(dnnl_memory_desc_init_by_tag(&anyWeights, 4, [oc, c, kh, kw], dnnl_f32, dnnl_format_tag_any))
        var convolution = dnnl_convolution_desc_t()
        try check(dnnl_dilated_convolution_forward_desc_init(
            &convolution, dnnl_forward_training, dnnl_convolution_direct, &source, &anyWeights, nil, &destination,
            [1, 1], [0, 0], [(kh - 1) / 2, (kw - 1) / 2], [kh / 2, kw / 2]))
        try check(dnnl_primitive_desc_create(&handles.convolutionPD, &convolution, nil, handles.engine, nil))
        try check(dnnl_primitive_create(&handles.convolution, handles.convolutionPD))
        guard var weights = dnnl_primitive_desc_query_md(handles.convolutionPD, dnnl_query_weights_md, 0)?.pointee else {
            throw DNNLFailure()
        }

        // The weights in the primitive's layout, reordered once.
        let weightBytes = dnnl_memory_desc_get_size(&weights)
        handles.reorderedWeights = UnsafeMutableRawPointer.allocate(byteCount: max(weightBytes, 1), alignment: 64)
        try check(dnnl_reorder_primitive_desc_create(&handles.reorderPD, &hostWeights, handles.engine, &weights, handles.engine, nil))
        try check(dnnl_primitive_create(&handles.reorder, handles.reorderPD))
        try check(dnnl_stream_create(&handles.stream, handles.engine, UInt32(dnnl_stream_default_flags.rawValue)))
        let hostMemory = try handles.memory(&hostWeights, kernel)
        let weightMemory = try handles.memory(&weights, handles.reorderedWeights)
        try check(dnnl_primitive_execute(handles.reorder, handles.stream, 2,
                                         [dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: hostMemory),
                                          dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: weightMemory)]))
        try check(dnnl_stream_wait(handles.stream))

        let arguments = [dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: try handles.memory(&source, x)),
                         dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: weightMemory),
                         dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: try handles.memory(&destination, y))]
        for _ in 0..<iterations {
            try check(dnnl_primitive_execute(handles.convolution, handles.stream, Int32(arguments.count), arguments))
            try check(dnnl_stream_wait(handles.stream))
        }
        return 0
    } catch {
        return -1
    }
}

/// Everything one run creates, destroyed in reverse order whether it succeeded or not.
private struct Handles {
    var engine: dnnl_engine_t?
    var stream: dnnl_stream_t?
    var convolutionPD: dnnl_primitive_desc_t?, reorderPD: dnnl_primitive_desc_t?
    var convolution: dnnl_primitive_t?, reorder: dnnl_primitive_t?
    var memories: [dnnl_memory_t?] = []
    var reorderedWeights: UnsafeMutableRawPointer?

    /// A memory object over `data` described by `descriptor`.
    mutating func memory(_ descriptor: inout dnnl_memory_desc_t, _ data: UnsafeMutableRawPointer?) throws -> dnnl_memory_t? {
        var memory: dnnl_memory_t?
        try check(dnnl_memory_create(&memory, &descriptor, engine, data))
        memories.append(memory)
        return memory
    }

    func destroy() {
        for memory in memories { dnnl_memory_destroy(memory) }
        if let stream { dnnl_stream_destroy(stream) }
        if let reorder { dnnl_primitive_destroy(reorder) }
        if let convolution { dnnl_primitive_destroy(convolution) }
        if let reorderPD { dnnl_primitive_desc_destroy(reorderPD) }
        if let convolutionPD { dnnl_primitive_desc_destroy(convolutionPD) }
        reorderedWeights?.deallocate()
        if let engine { dnnl_engine_destroy(engine) }
    }
}
