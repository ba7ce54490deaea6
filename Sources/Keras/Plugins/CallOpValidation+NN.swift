/// `call_op` checks for padding, resizing, normalisation, CTC, `in_top_k`, sparse
/// crossentropy and control flow: the preconditions of the K functions, including the values
/// they read from tensors (labels, lengths), so that none of them can trap.
extension CallOpValidation {
    /// `count` (before, after) pairs under `padding` (one pair may be written flat), each in
    /// `0...attributeLimit`; `fallback` when absent.
    static func paddingPairs(_ r: ConfigReader, count n: Int, fallback: Int) throws -> [Int] {
        guard r.has("padding") else { return [Int](repeating: fallback, count: 2 * n) }
        let flat: [Int]
        if n == 1, let single = try? r.ints("padding") {
            flat = single
        } else {
            guard let pairs = try r.intPairs("padding") else { throw fail(r, "`padding` must be a list of (before, after) pairs") }
            flat = pairs.flatMap { $0 }
        }
        guard flat.count == 2 * n, flat.allSatisfy({ (0...attributeLimit).contains($0) }) else {
            throw fail(r, "`padding` must give \(n) (before, after) pair\(n == 1 ? "" : "s") of sizes in 0...\(attributeLimit), received \(flat)")
        }
        return flat
    }

    /// `temporal_padding` (rank 3, axis 1) and `spatial_2d_padding`/`spatial_3d_padding`.
    static func zeroPadding(_ n: Int) -> Check {
        { args, r in
            try count(args, 1, r)
            let x = args[0]
            guard x.rank == n + 2 else { throw fail(r, "expected a rank-\(n + 2) tensor, received shape \(x.shape)") }
            let pads = try paddingPairs(r, count: n, fallback: 1)
            let format = try dataFormat(r)
            let first = n > 1 && format == .channelsFirst ? 2 : 1
            var shape = x.shape
            for i in 0..<n { shape[first + i] += pads[2 * i] + pads[2 * i + 1] }
            try fitsInMemory(shape, r)
        }
    }

    /// `resize_images` (rank 4, height/width factors, nearest or bilinear) and `resize_volumes`.
    static func resize(_ factors: [String]) -> Check {
        { args, r in
            try count(args, 1, r)
            let x = args[0], n = factors.count
            guard x.rank == n + 2 else { throw fail(r, "expected a rank-\(n + 2) tensor, received shape \(x.shape)") }
            let format = try dataFormat(r)
            let first = format == .channelsFirst ? 2 : 1
            var shape = x.shape
            for (i, key) in factors.enumerated() {
                guard let factor = try r.int(key), (1...attributeLimit).contains(factor) else {
                    throw fail(r, "`\(key)` must be an integer in 1...\(attributeLimit), received \(r.values[key].map { "\($0)" } ?? "nothing")")
                }
                shape[first + i] *= factor
            }
            if n == 2 {
                let name = try r.string("interpolation") ?? "nearest"
                guard let interpolation = Interpolation(rawValue: name) else {
                    throw fail(r, "`interpolation` must be nearest or bilinear, received \"\(name)\"")
                }
                if interpolation == .bilinear {
                    try float(x, r)
                    guard x.count > 0 else { throw fail(r, "x is empty (shape \(x.shape))") }
                }
            }
            try fitsInMemory(shape, r)
        }
    }

    /// `batch_normalization(x, mean, var[, beta[, gamma]])`: statistics of `x`'s dtype that
    /// broadcast to `x` (a 1-D statistic lies along `axis`).
    static func batchNormalization(_ args: [Tensor], _ r: ConfigReader) throws {
        guard (3...5).contains(args.count) else { throw fail(r, "expected 3 to 5 tensor arguments (x, mean, var, beta, gamma), received \(args.count)") }
        let x = args[0]
        try float(x, r)
        let a = try axis(try r.int("axis") ?? -1, rank: max(x.rank, 1), r)
        _ = try r.double("epsilon")
        for (name, t) in zip(["mean", "var", "beta", "gamma"], args.dropFirst()) {
            guard t.dtype == x.dtype else { throw fail(r, "dtypes differ (x \(x.dtype), \(name) \(t.dtype)); cast one first") }
            var shape = t.shape
            if t.rank == 1, a != x.rank - 1, x.rank > 1, t.shape[0] == x.shape[a] {
                shape = [Int](repeating: 1, count: x.rank)
                shape[a] = t.shape[0]
            }
            guard Shape.broadcast(x.shape, shape) == x.shape else {
                throw fail(r, "\(name) of shape \(t.shape) does not broadcast to x of shape \(x.shape) (axis \(a))")
            }
        }
    }

    /// `normalize_batch_in_training(x[, gamma[, beta]])` with `reduction_axes`.
    static func normalizeBatchInTraining(_ args: [Tensor], _ r: ConfigReader) throws {
        guard (1...3).contains(args.count) else { throw fail(r, "expected 1 to 3 tensor arguments (x, gamma, beta), received \(args.count)") }
        let x = args[0]
        try float(x, r)
        guard x.count > 0 else { throw fail(r, "x is empty (shape \(x.shape))") }
        guard let list = try r.ints("reduction_axes"), !list.isEmpty else { throw fail(r, "`reduction_axes` must list at least one axis") }
        let axes = Set(try list.map { try axis($0, rank: x.rank, r) })
        _ = try r.double("epsilon")
        let kept = (0..<x.rank).filter { !axes.contains($0) }
        let keptShape = x.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        for (name, t) in zip(["gamma", "beta"], args.dropFirst()) {
            guard t.dtype == x.dtype else { throw fail(r, "dtypes differ (x \(x.dtype), \(name) \(t.dtype)); cast one first") }
            let perChannel = kept.count == 1 && t.count == x.shape[kept[0]]
            let reshapable = t.count == keptShape.reduce(1, *)
            guard perChannel || reshapable || Shape.broadcast(x.shape, t.shape) == x.shape else {
                throw fail(r, "\(name) of shape \(t.shape) does not fit x of shape \(x.shape) reduced over \(axes.sorted())")
            }
        }
    }

    /// Per-sample lengths `(samples,)` or `(samples, 1)`, each a finite number in `0...maximum`.
    static func ctcLengths(_ t: Tensor, samples: Int, maximum: Int, _ name: String, _ r: ConfigReader) throws -> [Int] {
        guard t.count == samples, t.rank <= 2 else {
            throw fail(r, "\(name) must be (samples, 1) or (samples,) with \(samples) samples, received \(t.shape)")
        }
        return try t.doubles.map { value in
            guard value.isFinite, value >= 0, value < Double(maximum) + 1 else { throw fail(r, "\(name) \(value) is outside [0, \(maximum)]") }
            return Int(value)
        }
    }

    /// `y_pred` `(samples, time, classes)` with at least `minimumClasses` classes.
    static func ctcPredictions(_ y: Tensor, minimumClasses: Int, _ r: ConfigReader) throws {
        try float(y, r, "y_pred")
        guard y.rank == 3, y.shape[2] >= minimumClasses else {
            throw fail(r, "y_pred must be (samples, time, classes) with at least \(minimumClasses) class\(minimumClasses == 1 ? "" : "es"), received \(y.shape)")
        }
    }

    /// `ctc_batch_cost(y_true, y_pred, input_length, label_length)`: labels below the blank
    /// (the last class), and enough time steps for each target sequence.
    static func ctcBatchCost(_ args: [Tensor], _ r: ConfigReader) throws {
        try count(args, 4, r)
        let (labels, y) = (args[0], args[1])
        try ctcPredictions(y, minimumClasses: 2, r)
        let (samples, steps, blank) = (y.shape[0], y.shape[1], y.shape[2] - 1)
        guard labels.rank == 2, labels.shape[0] == samples else {
            throw fail(r, "y_true must be (samples, max_label_length) with \(samples) samples, received \(labels.shape)")
        }
        let times = try ctcLengths(args[2], samples: samples, maximum: steps, "input_length", r)
        let lengths = try ctcLengths(args[3], samples: samples, maximum: labels.shape[1], "label_length", r)
        let rows = labels.doubles
        for b in 0..<samples {
            let sequence = rows[(b * labels.shape[1])...].prefix(lengths[b])
            if let bad = sequence.first(where: { !($0.isFinite && $0 >= 0 && $0 < Double(blank)) }) {
                throw fail(r, "label \(bad) of sample \(b) is outside [0, \(blank)) (class \(blank) is the blank)")
            }
            let ints = sequence.map { Int($0) }
            let needed = ints.count + zip(ints, ints.dropFirst()).filter { $0 == $1 }.count
            guard times[b] >= needed else {
                throw fail(r, "not enough time for the target sequence of sample \(b) (required \(needed), available \(times[b]))")
            }
        }
    }

    /// `ctc_decode(y_pred, input_length)` with `greedy`, `beam_width`, `top_paths`.
    static func ctcDecode(_ args: [Tensor], _ r: ConfigReader) throws {
        try count(args, 2, r)
        let y = args[0]
        try ctcPredictions(y, minimumClasses: 1, r)
        _ = try ctcLengths(args[1], samples: y.shape[0], maximum: y.shape[1], "input_length", r)
        _ = try r.bool("merge_repeated")
        let greedy = try r.bool("greedy") ?? true
        let top = try r.int("top_paths") ?? 1, beam = try r.int("beam_width") ?? 100
        if greedy {
            guard top == 1 else { throw fail(r, "greedy decoding gives one path, received top_paths \(top)") }
        } else {
            guard top >= 1, top <= beam, beam <= 1 << 16 else {
                throw fail(r, "need 1 <= top_paths <= beam_width <= 65536, received top_paths \(top), beam_width \(beam)")
            }
        }
        try fitsInMemory([top, y.shape[0], y.shape[1]], r)
    }

    /// `in_top_k(predictions, targets)`: `(batch, classes)` floats, `(batch,)` integers, `k`.
    static func inTopK(_ args: [Tensor], _ r: ConfigReader) throws {
        try count(args, 2, r)
        let (p, t) = (args[0], args[1])
        try float(p, r, "predictions")
        guard p.rank == 2 else { throw fail(r, "predictions must be (batch, classes), received \(p.shape)") }
        guard t.dtype.isInteger, t.rank == 1, t.shape[0] == p.shape[0] else {
            throw fail(r, "targets must be integers of shape (\(p.shape[0]),), received \(t.dtype) \(t.shape)")
        }
        guard try r.int("k") != nil else { throw fail(r, "missing attribute `k`") }
    }

    /// `sparse_categorical_crossentropy(target, output)`: one class index in `0..<classes` per
    /// row of `output` without `axis`.
    static func sparseCategoricalCrossentropy(_ args: [Tensor], _ r: ConfigReader) throws {
        try count(args, 2, r)
        let (target, output) = (args[0], args[1])
        try float(output, r, "output")
        guard output.rank >= 1 else { throw fail(r, "expected an output of rank >= 1, received a scalar") }
        let a = try axis(try r.int("axis") ?? -1, rank: output.rank, r)
        _ = try r.bool("from_logits")
        let classes = output.shape[a]
        let rows = output.shape.enumerated().filter { $0.offset != a }.reduce(1) { $0 * $1.element }
        guard target.count == rows else {
            throw fail(r, "target of shape \(target.shape) does not match output of shape \(output.shape) (one class index per row, axis \(a))")
        }
        if let bad = target.doubles.first(where: { !($0.isFinite && $0 > -1 && $0 < Double(classes)) }) {
            throw fail(r, "target value \(bad) is outside the valid range [0, \(classes))")
        }
    }

    /// `switch(condition, then, else)`: branches of one dtype that broadcast, and a condition
    /// (scalar, or of at most their rank) that fits their shape.
    static func switchExpression(_ args: [Tensor], _ r: ConfigReader) throws {
        try count(args, 3, r)
        let (c, a, b) = (args[0], args[1], args[2])
        guard c.rank > 0 else { return }
        try sameDType(a, b, r)
        guard let branch = Shape.broadcast(a.shape, b.shape) else { throw fail(r, "branches \(a.shape) and \(b.shape) do not broadcast") }
        let aligned = c.shape + [Int](repeating: 1, count: max(branch.count - c.rank, 0))
        guard c.rank <= branch.count, Shape.broadcast(aligned, branch) == branch else {
            throw fail(r, "condition of shape \(c.shape) does not fit branches of shape \(branch)")
        }
    }

    /// `eye` with `size` n or (n, m); `arange` with a finite non-zero `step` and a bounded count.
    static let creationChecks: [String: Check] = [
        "eye": { args, r in
            try count(args, 0, r)
            guard let size = try r.ints("size"), (1...2).contains(size.count), size.allSatisfy({ $0 >= 0 }) else {
                throw fail(r, "`size` must be n or (n, m) with sizes >= 0")
            }
            try fitsInMemory([size[0], size[size.count - 1]], r)
            _ = try r.dtype("dtype")
        },
        "arange": { args, r in
            try count(args, 0, r)
            guard let start = try r.double("start") else { throw fail(r, "missing attribute `start`") }
            let stop = try r.double("stop"), step = try r.double("step") ?? 1
            guard step != 0, step.isFinite, start.isFinite, stop?.isFinite ?? true else {
                throw fail(r, "start, stop and step must be finite and step non-zero, received \(start), \(stop.map { "\($0)" } ?? "none"), \(step)")
            }
            let (first, limit) = stop.map { (start, $0) } ?? (0, max(start, 0))
            guard ((limit - first) / step).rounded(.up) <= Double(elementLimit) else {
                throw fail(r, "the result would exceed \(elementLimit) elements")
            }
            _ = try r.dtype("dtype")
        },
    ]

    static let nnChecks: [String: Check] = [
        "temporal_padding": zeroPadding(1), "spatial_2d_padding": zeroPadding(2), "spatial_3d_padding": zeroPadding(3),
        "resize_images": resize(["height_factor", "width_factor"]),
        "resize_volumes": resize(["depth_factor", "height_factor", "width_factor"]),
        "batch_normalization": batchNormalization,
        "normalize_batch_in_training": normalizeBatchInTraining,
        "ctc_batch_cost": ctcBatchCost, "ctc_decode": ctcDecode,
        "in_top_k": inTopK,
        "sparse_categorical_crossentropy": sparseCategoricalCrossentropy,
        "switch": switchExpression,
        "in_train_phase": { args, r in try count(args, 2, r); _ = try r.bool("training") },
        "in_test_phase": { args, r in try count(args, 2, r); _ = try r.bool("training") },
    ]
}
