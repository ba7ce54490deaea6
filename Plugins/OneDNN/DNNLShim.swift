import CDNNL
import KerasPluginKit

// The one place that knows which oneDNN C API generation the plugin is built against.
//
// oneDNN 2.x (Debian's libdnnl-dev 2.6) describes memory with a value struct
// (`dnnl_memory_desc_t`, filled by `dnnl_memory_desc_init_by_*`) and creates a primitive in two
// steps: an op descriptor (`dnnl_*_desc_init`) then `dnnl_primitive_desc_create`. oneDNN 3.x makes
// the memory descriptor an opaque handle (`dnnl_memory_desc_create_with_*`, destroyed with
// `dnnl_memory_desc_destroy`) and creates primitive descriptors in one call per primitive
// (`dnnl_convolution_forward_primitive_desc_create(&pd, engine, prop, alg, ..., attr)`).
// Everything else the plugin calls (engines, streams, memory objects, execution, queries by
// `dnnl_query_*`, attributes) is the same in both. Moving to oneDNN 3 means rewriting the
// bodies below — `MemoryDescriptor` becomes a class that destroys its handle — and nothing else.

/// A oneDNN memory descriptor (2.x: a value).
struct MemoryDescriptor {
    var raw = dnnl_memory_desc_t()

    /// A float32 tensor with logical `dims` laid out with element `strides`.
    init(dims: [Int], strides: [Int]) throws {
        let d = dims.map(Int64.init), s = strides.map(Int64.init)
        try DNNLCall.check(dnnl_memory_desc_init_by_strides(&raw, Int32(dims.count), d, dnnl_f32, s),
                           "memory descriptor \(dims) strides \(strides)")
    }

    /// A float32 tensor of logical `dims` whose layout the primitive chooses (`format_tag_any`).
    init(anyLayoutOf dims: [Int]) throws {
        let d = dims.map(Int64.init)
        try DNNLCall.check(dnnl_memory_desc_init_by_tag(&raw, Int32(dims.count), d, dnnl_f32, dnnl_format_tag_any),
                           "memory descriptor \(dims) (any layout)")
    }

    init(_ raw: dnnl_memory_desc_t) { self.raw = raw }

    /// Bytes the described memory occupies.
    var byteCount: Int { withUnsafePointer(to: raw) { Int(dnnl_memory_desc_get_size($0)) } }

    /// Whether two descriptors describe the same layout.
    func isEqual(to other: MemoryDescriptor) -> Bool {
        withUnsafePointer(to: raw) { a in withUnsafePointer(to: other.raw) { b in dnnl_memory_desc_equal(a, b) != 0 } }
    }

    /// Creates a memory object over `data` (the caller destroys it).
    func memory(engine: OpaquePointer, data: UnsafeMutableRawPointer?) throws -> OpaquePointer {
        var memory: OpaquePointer?
        try withUnsafePointer(to: raw) { md in
            try DNNLCall.check(dnnl_memory_create(&memory, md, engine, data),
                               "memory object")
        }
        return memory!
    }
}

/// oneDNN's primitive descriptor constructors and queries, one function per primitive kind.
enum DNNLShim {
    typealias PD = OpaquePointer

    /// The memory descriptor a primitive descriptor chose for `what` (`dnnl_query_*_md`), or
    /// `nil` when it has none (a zero-size descriptor).
    static func query(_ pd: PD, _ what: dnnl_query_t, index: Int32 = 0) -> MemoryDescriptor? {
        guard let md = dnnl_primitive_desc_query_md(pd, what, index) else { return nil }
        let result = MemoryDescriptor(md.pointee)
        return result.raw.ndims == 0 ? nil : result
    }

    /// Runs a 2.x two-step creation: `initialize` fills an op descriptor, then the primitive
    /// descriptor is created from it.
    private static func create<Desc>(_ label: String, _ desc: Desc, attributes: OpaquePointer?, engine: OpaquePointer,
                                     hint: PD? = nil, _ initialize: (UnsafeMutablePointer<Desc>) -> dnnl_status_t) throws -> PD {
        var desc = desc
        var pd: PD?
        try withUnsafeMutablePointer(to: &desc) { op in
            try DNNLCall.check(initialize(op), label)
            try DNNLCall.check(dnnl_primitive_desc_create(&pd, UnsafeRawPointer(op), attributes, engine, hint), label)
        }
        return pd!
    }

    static func matmul(source: MemoryDescriptor, weights: MemoryDescriptor, bias: MemoryDescriptor?, destination: MemoryDescriptor,
                       attributes: OpaquePointer?, engine: OpaquePointer) throws -> PD {
        var (s, w, d) = (source.raw, weights.raw, destination.raw)
        var b = bias?.raw ?? dnnl_memory_desc_t()
        let hasBias = bias != nil
        return try create("matmul", dnnl_matmul_desc_t(), attributes: attributes, engine: engine) {
            desc in withUnsafePointer(to: &b) { dnnl_matmul_desc_init(desc, &s, &w, hasBias ? $0 : nil, &d) }
        }
    }

    /// Spatial geometry of a convolution or pooling, in oneDNN's terms (dilation 0 = dense).
    struct Geometry {
        var strides: [Int64], dilations: [Int64], paddingBefore: [Int64], paddingAfter: [Int64]
    }

    enum ConvolutionPass { case forward, backwardData, backwardWeights }

    /// A direct convolution primitive descriptor for one pass; the backward passes take the
    /// forward descriptor as their hint.
    /// `bias` is read by the forward pass only (the fused convolution layer forward).
    static func convolution(_ pass: ConvolutionPass, source: MemoryDescriptor, weights: MemoryDescriptor,
                            destination: MemoryDescriptor, bias: MemoryDescriptor? = nil, geometry g: Geometry,
                            attributes: OpaquePointer?, engine: OpaquePointer, hint: PD? = nil) throws -> PD {
        var (s, w, d) = (source.raw, weights.raw, destination.raw)
        var b = bias?.raw ?? dnnl_memory_desc_t()
        let hasBias = bias != nil
        let alg = dnnl_convolution_direct
        switch pass {
        case .forward:
            return try create("convolution forward", dnnl_convolution_desc_t(), attributes: attributes, engine: engine) { desc in
                withUnsafePointer(to: &b) {
                    dnnl_dilated_convolution_forward_desc_init(desc, dnnl_forward_training, alg, &s, &w, hasBias ? $0 : nil, &d,
                                                               g.strides, g.dilations, g.paddingBefore, g.paddingAfter)
                }
            }
        case .backwardData:
            return try create("convolution backward data", dnnl_convolution_desc_t(), attributes: attributes, engine: engine, hint: hint) {
                dnnl_dilated_convolution_backward_data_desc_init($0, alg, &s, &w, &d, g.strides, g.dilations,
                                                                 g.paddingBefore, g.paddingAfter)
            }
        case .backwardWeights:
            return try create("convolution backward weights", dnnl_convolution_desc_t(), attributes: attributes, engine: engine, hint: hint) {
                dnnl_dilated_convolution_backward_weights_desc_init($0, alg, &s, &w, nil, &d, g.strides, g.dilations,
                                                                    g.paddingBefore, g.paddingAfter)
            }
        }
    }

    /// Pooling forward (in training, max pooling keeps a workspace) or backward (with the
    /// forward descriptor as hint). `source`/`destination` are diff_src/diff_dst backward.
    static func pooling(forward: Bool, training: Bool, algorithm: dnnl_alg_kind_t, source: MemoryDescriptor, destination: MemoryDescriptor,
                        window: [Int64], geometry g: Geometry, attributes: OpaquePointer?, engine: OpaquePointer,
                        hint: PD? = nil) throws -> PD {
        var (s, d) = (source.raw, destination.raw)
        if forward {
            return try create("pooling forward", dnnl_pooling_v2_desc_t(), attributes: attributes, engine: engine) {
                dnnl_pooling_v2_forward_desc_init($0, training ? dnnl_forward_training : dnnl_forward_inference, algorithm, &s, &d, g.strides, window,
                                                  g.dilations, g.paddingBefore, g.paddingAfter)
            }
        }
        return try create("pooling backward", dnnl_pooling_v2_desc_t(), attributes: attributes, engine: engine, hint: hint) {
            dnnl_pooling_v2_backward_desc_init($0, algorithm, &s, &d, g.strides, window, g.dilations,
                                               g.paddingBefore, g.paddingAfter)
        }
    }

    /// `dst = f(alpha, beta; src)` element by element.
    static func eltwise(_ algorithm: dnnl_alg_kind_t, data: MemoryDescriptor, alpha: Float, beta: Float,
                        attributes: OpaquePointer?, engine: OpaquePointer) throws -> PD {
        var s = data.raw
        return try create("eltwise", dnnl_eltwise_desc_t(), attributes: attributes, engine: engine) {
            dnnl_eltwise_forward_desc_init($0, dnnl_forward_inference, algorithm, &s, alpha, beta)
        }
    }

    /// `dst = src0 op src1`, src1 broadcast along its size-1 dimensions.
    static func binary(_ algorithm: dnnl_alg_kind_t, source0: MemoryDescriptor, source1: MemoryDescriptor,
                       destination: MemoryDescriptor, attributes: OpaquePointer?, engine: OpaquePointer) throws -> PD {
        var (a, b, d) = (source0.raw, source1.raw, destination.raw)
        return try create("binary", dnnl_binary_desc_t(), attributes: attributes, engine: engine) {
            dnnl_binary_desc_init($0, algorithm, &a, &b, &d)
        }
    }

    /// Softmax or log-softmax along `axis`.
    static func softmax(log: Bool, data: MemoryDescriptor, axis: Int, attributes: OpaquePointer?, engine: OpaquePointer) throws -> PD {
        var (s, d) = (data.raw, data.raw)
        return try create(log ? "log-softmax" : "softmax", dnnl_softmax_v2_desc_t(), attributes: attributes, engine: engine) {
            dnnl_softmax_v2_forward_desc_init($0, dnnl_forward_inference, log ? dnnl_softmax_log : dnnl_softmax_accurate,
                                              &s, &d, Int32(axis))
        }
    }

    /// A reduction of `source` to `destination` (size 1 along the reduced dimensions).
    static func reduction(_ algorithm: dnnl_alg_kind_t, source: MemoryDescriptor, destination: MemoryDescriptor,
                          attributes: OpaquePointer?, engine: OpaquePointer) throws -> PD {
        var (s, d) = (source.raw, destination.raw)
        return try create("reduction", dnnl_reduction_desc_t(), attributes: attributes, engine: engine) {
            dnnl_reduction_desc_init($0, algorithm, &s, &d, 0, 0)
        }
    }

    /// A reorder between two layouts of the same tensor.
    static func reorder(from source: MemoryDescriptor, to destination: MemoryDescriptor, engine: OpaquePointer) throws -> PD {
        var pd: PD?
        try withUnsafePointer(to: source.raw) { s in
            try withUnsafePointer(to: destination.raw) { d in
                try DNNLCall.check(dnnl_reorder_primitive_desc_create(&pd, s, engine, d, engine, nil), "reorder")
            }
        }
        return pd!
    }
}

// MARK: - Normalisation (batch and layer normalisation descriptors)

extension DNNLShim {
    /// The normalisation flags for a scale and/or a shift, and for given statistics.
    /// oneDNN 2.6 has separate `dnnl_use_scale` / `dnnl_use_shift` flags (with their own
    /// `DNNL_ARG_SCALE` / `DNNL_ARG_SHIFT` vectors) beside the older combined
    /// `dnnl_use_scaleshift`; 3.x keeps only the separate ones, so the plugin uses those.
    static func normalizationFlags(scale: Bool, shift: Bool, globalStatistics: Bool = false) -> UInt32 {
        var flags: UInt32 = 0
        if scale { flags |= dnnl_use_scale.rawValue }
        if shift { flags |= dnnl_use_shift.rawValue }
        if globalStatistics { flags |= dnnl_use_global_stats.rawValue }
        return flags
    }

    /// Batch normalisation forward over `data` (N, C, …): training computes the statistics,
    /// inference (with `dnnl_use_global_stats`) reads them.
    static func batchNormalization(training: Bool, data: MemoryDescriptor, epsilon: Float, flags: UInt32,
                                   attributes: OpaquePointer?, engine: OpaquePointer) throws -> PD {
        var d = data.raw
        return try create("batch normalization forward", dnnl_batch_normalization_desc_t(), attributes: attributes, engine: engine) {
            dnnl_batch_normalization_forward_desc_init($0, training ? dnnl_forward_training : dnnl_forward_inference, &d, epsilon, flags)
        }
    }

    /// Batch normalisation backward (`dnnl_backward`: data and, with the scale/shift flags,
    /// their diffs), with the training forward as hint.
    static func batchNormalizationBackward(data: MemoryDescriptor, epsilon: Float, flags: UInt32, attributes: OpaquePointer?,
                                           engine: OpaquePointer, hint: PD) throws -> PD {
        var (dd, d) = (data.raw, data.raw)
        return try create("batch normalization backward", dnnl_batch_normalization_desc_t(), attributes: attributes,
                          engine: engine, hint: hint) {
            dnnl_batch_normalization_backward_desc_init($0, dnnl_backward, &dd, &d, epsilon, flags)
        }
    }

    /// Layer normalisation forward (training: writes the per-row statistics) over `data`
    /// (rows, D) with statistics `statistics` (rows).
    static func layerNormalization(data: MemoryDescriptor, statistics: MemoryDescriptor, epsilon: Float, flags: UInt32,
                                   attributes: OpaquePointer?, engine: OpaquePointer) throws -> PD {
        var (d, s) = (data.raw, statistics.raw)
        return try create("layer normalization forward", dnnl_layer_normalization_desc_t(), attributes: attributes, engine: engine) {
            dnnl_layer_normalization_forward_desc_init($0, dnnl_forward_training, &d, &s, epsilon, flags)
        }
    }

    /// Layer normalisation backward (`dnnl_backward`), with the forward as hint.
    static func layerNormalizationBackward(data: MemoryDescriptor, statistics: MemoryDescriptor, epsilon: Float, flags: UInt32,
                                           attributes: OpaquePointer?, engine: OpaquePointer, hint: PD) throws -> PD {
        var (dd, d, s) = (data.raw, data.raw, statistics.raw)
        return try create("layer normalization backward", dnnl_layer_normalization_desc_t(), attributes: attributes,
                          engine: engine, hint: hint) {
            dnnl_layer_normalization_backward_desc_init($0, dnnl_backward, &dd, &d, &s, epsilon, flags)
        }
    }
}

// MARK: Recurrent sequences (rnn: vanilla, LSTM, linear-before-reset GRU; one layer, one direction)

extension DNNLShim {
    /// The cell of an RNN primitive: vanilla with an eltwise activation, LSTM, or lbr GRU.
    enum RecurrentCellKind {
        case vanilla(dnnl_alg_kind_t), lstm, gru
    }

    /// The memory descriptors of one pass of an RNN primitive (the `c` states: LSTM only).
    struct RecurrentMemory {
        var sourceLayer, sourceIter: MemoryDescriptor
        var sourceIterC: MemoryDescriptor?
        var weightsLayer, weightsIter, bias, destinationLayer, destinationIter: MemoryDescriptor
        var destinationIterC: MemoryDescriptor?
    }

    /// The layout an RNN primitive descriptor chose for execution argument `argument`
    /// (`DNNL_ARG_*`).
    static func argumentLayout(_ pd: PD, _ argument: Int32) -> MemoryDescriptor? {
        query(pd, dnnl_query_exec_arg_md, index: argument)
    }

    /// A left-to-right RNN forward (training keeps a workspace for the backward pass).
    static func recurrentForward(_ cell: RecurrentCellKind, training: Bool, _ m: RecurrentMemory,
                                 attributes: OpaquePointer?, engine: OpaquePointer) throws -> PD {
        var (sl, si, wl, wi, b, dl, di) = (m.sourceLayer.raw, m.sourceIter.raw, m.weightsLayer.raw, m.weightsIter.raw,
                                            m.bias.raw, m.destinationLayer.raw, m.destinationIter.raw)
        var (sc, dc) = (m.sourceIterC?.raw ?? dnnl_memory_desc_t(), m.destinationIterC?.raw ?? dnnl_memory_desc_t())
        let prop = training ? dnnl_forward_training : dnnl_forward_inference
        let direction = dnnl_unidirectional_left2right
        return try create("rnn forward", dnnl_rnn_desc_t(), attributes: attributes, engine: engine) { desc in
            switch cell {
            case .vanilla(let activation):
                dnnl_vanilla_rnn_forward_desc_init(desc, prop, activation, direction, &sl, &si, &wl, &wi, &b, &dl, &di, 0, 0, 0)
            case .lstm:
                dnnl_lstm_forward_desc_init(desc, prop, direction, &sl, &si, &sc, &wl, &wi, &b, &dl, &di, &dc, 0)
            case .gru:
                dnnl_lbr_gru_forward_desc_init(desc, prop, direction, &sl, &si, &wl, &wi, &b, &dl, &di, 0)
            }
        }
    }

    /// The RNN backward pass matching a training forward (`hint`); `diff` holds the gradient
    /// descriptors (weights: the diff weights).
    static func recurrentBackward(_ cell: RecurrentCellKind, _ m: RecurrentMemory, diff g: RecurrentMemory,
                                  attributes: OpaquePointer?, engine: OpaquePointer, hint: PD) throws -> PD {
        var (sl, si, wl, wi, b, dl, di) = (m.sourceLayer.raw, m.sourceIter.raw, m.weightsLayer.raw, m.weightsIter.raw,
                                            m.bias.raw, m.destinationLayer.raw, m.destinationIter.raw)
        var (sc, dc) = (m.sourceIterC?.raw ?? dnnl_memory_desc_t(), m.destinationIterC?.raw ?? dnnl_memory_desc_t())
        var (gsl, gsi, gwl, gwi, gb, gdl, gdi) = (g.sourceLayer.raw, g.sourceIter.raw, g.weightsLayer.raw, g.weightsIter.raw,
                                                   g.bias.raw, g.destinationLayer.raw, g.destinationIter.raw)
        var (gsc, gdc) = (g.sourceIterC?.raw ?? dnnl_memory_desc_t(), g.destinationIterC?.raw ?? dnnl_memory_desc_t())
        let direction = dnnl_unidirectional_left2right
        return try create("rnn backward", dnnl_rnn_desc_t(), attributes: attributes, engine: engine, hint: hint) { desc in
            switch cell {
            case .vanilla(let activation):
                dnnl_vanilla_rnn_backward_desc_init(desc, dnnl_backward, activation, direction, &sl, &si, &wl, &wi, &b, &dl, &di,
                                                    &gsl, &gsi, &gwl, &gwi, &gb, &gdl, &gdi, 0, 0, 0)
            case .lstm:
                dnnl_lstm_backward_desc_init(desc, dnnl_backward, direction, &sl, &si, &sc, &wl, &wi, &b, &dl, &di, &dc,
                                             &gsl, &gsi, &gsc, &gwl, &gwi, &gb, &gdl, &gdi, &gdc, 0)
            case .gru:
                dnnl_lbr_gru_backward_desc_init(desc, dnnl_backward, direction, &sl, &si, &wl, &wi, &b, &dl, &di,
                                                &gsl, &gsi, &gwl, &gwi, &gb, &gdl, &gdi, 0)
            }
        }
    }
}

// MARK: Fused activations (eltwise backward, eltwise post-op chains on matmul and eltwise)

/// One eltwise step of a fused activation: oneDNN's algorithm with its alpha and beta.
struct EltwiseStep: Hashable {
    var algorithm: dnnl_alg_kind_t
    var alpha: Float
    var beta: Float
}

extension DNNLShim {
    /// The training-mode eltwise forward (the backward's hint).
    static func eltwiseTraining(_ step: EltwiseStep, data: MemoryDescriptor, attributes: OpaquePointer?,
                                engine: OpaquePointer) throws -> PD {
        var s = data.raw
        return try create("eltwise forward (training)", dnnl_eltwise_desc_t(), attributes: attributes, engine: engine) {
            dnnl_eltwise_forward_desc_init($0, dnnl_forward_training, step.algorithm, &s, step.alpha, step.beta)
        }
    }

    /// `diff_src = diff_dst · f′(src)` element by element, with the training forward as hint.
    static func eltwiseBackward(_ step: EltwiseStep, data: MemoryDescriptor, attributes: OpaquePointer?,
                                engine: OpaquePointer, hint: PD) throws -> PD {
        var (d, s) = (data.raw, data.raw)
        return try create("eltwise backward", dnnl_eltwise_desc_t(), attributes: attributes, engine: engine, hint: hint) {
            dnnl_eltwise_backward_desc_init($0, step.algorithm, &d, &s, step.alpha, step.beta)
        }
    }

    /// Appends `steps` as eltwise post-ops (scale 1) to `attributes`.
    static func appendEltwisePostOps(_ steps: [EltwiseStep], to attributes: OpaquePointer) throws {
        guard !steps.isEmpty else { return }
        var postOps: OpaquePointer?
        try DNNLCall.check(dnnl_post_ops_create(&postOps), "post-ops")
        defer { dnnl_post_ops_destroy(postOps) }
        for step in steps {
            try DNNLCall.check(dnnl_post_ops_append_eltwise(postOps, 1, step.algorithm, step.alpha, step.beta), "eltwise post-op")
        }
        try DNNLCall.check(dnnl_primitive_attr_set_post_ops(attributes, postOps), "post-ops")
    }
}
