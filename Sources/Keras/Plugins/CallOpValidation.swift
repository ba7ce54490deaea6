/// Argument checks `call_op` runs before a K function, so that shapes, dtypes and attributes
/// that do not fit come back to the plugin as `INVALID_ARGUMENT` with a message instead of
/// tripping a precondition in `K` (which would stop the process).
///
/// Every function of the conformance table has a check (the windowed ops' in
/// `CallOpValidation+Windows.swift`, the NN family's in `CallOpValidation+NN.swift`); a name
/// without one is refused rather than run unchecked.
enum CallOpValidation {
    typealias Check = @Sendable ([Tensor], ConfigReader) throws -> Void

    /// Whether `call_op` serves `name`.
    static func validated(_ name: String) -> Bool { checks[name] != nil && ConformanceOps.table[name] != nil }

    /// Throws a ``KerasError`` naming the op when `args` and `attributes` do not fit it.
    /// `context` names the caller in messages (default `call_op(<name>)`; the conformance runner
    /// passes the case id).
    static func check(_ name: String, _ args: [Tensor], _ attributes: [String: JSONValue], context: String? = nil) throws {
        guard let check = checks[name] else {
            throw KerasError(.invalidArgument, "call_op(\(name)): not callable from plugins (its arguments are not validated); compose it from other functions or use a native op")
        }
        let reader = ConfigReader(attributes, context: context ?? "call_op(\(name))")
        try check(args, reader)
    }

    static func fail(_ r: ConfigReader, _ message: String) -> KerasError {
        KerasError(.invalidArgument, "\(r.context): \(message)")
    }

    static func count(_ args: [Tensor], _ n: Int, _ r: ConfigReader) throws {
        guard args.count == n else { throw fail(r, "expected \(n) tensor arguments, received \(args.count)") }
    }

    static func float(_ x: Tensor, _ r: ConfigReader, _ what: String = "x") throws {
        guard x.dtype.isFloatingPoint else { throw fail(r, "\(what) must be float32 or float64, received \(x.dtype) \(x.shape)") }
    }

    static func numeric(_ x: Tensor, _ r: ConfigReader) throws {
        guard x.dtype != .bool else { throw fail(r, "expected a numeric tensor, received bool \(x.shape)") }
    }

    static func sameDType(_ a: Tensor, _ b: Tensor, _ r: ConfigReader) throws {
        guard a.dtype == b.dtype else { throw fail(r, "dtypes differ (\(a.dtype) and \(b.dtype)); cast one first") }
    }

    /// `axis` normalised for `rank`, or an error.
    @discardableResult
    static func axis(_ axis: Int, rank: Int, _ r: ConfigReader, insert: Bool = false) throws -> Int {
        let limit = rank + (insert ? 1 : 0)
        guard axis >= -limit, axis < limit else { throw fail(r, "axis \(axis) is out of range for rank \(rank)") }
        return axis < 0 ? axis + limit : axis
    }

    static func axes(_ r: ConfigReader, _ key: String, rank: Int) throws {
        for a in try r.ints(key) ?? [] { try axis(a, rank: rank, r) }
    }

    static func unaryFloat(_ args: [Tensor], _ r: ConfigReader) throws { try count(args, 1, r); try float(args[0], r) }
    static func unaryNumeric(_ args: [Tensor], _ r: ConfigReader) throws { try count(args, 1, r); try numeric(args[0], r) }

    static func binary(_ args: [Tensor], _ r: ConfigReader) throws {
        try count(args, 2, r)
        try sameDType(args[0], args[1], r)
        guard Shape.broadcast(args[0].shape, args[1].shape) != nil else {
            throw fail(r, "shapes \(args[0].shape) and \(args[1].shape) do not broadcast")
        }
    }

    static func reduction(_ args: [Tensor], _ r: ConfigReader) throws {
        try count(args, 1, r)
        try axes(r, "axis", rank: args[0].rank)
        _ = try r.bool("keepdims")
    }

    private static let checks: [String: Check] = {
        var table: [String: Check] = [:]
        for name in ["add", "subtract", "multiply", "divide", "maximum", "minimum", "equal", "not_equal", "greater",
                     "greater_equal", "less", "less_equal"] {
            table[name] = binary
        }
        for name in ["abs", "square", "sign", "round", "stop_gradient"] { table[name] = unaryNumeric }
        for name in ["sqrt", "exp", "log", "sin", "cos", "sigmoid", "hard_sigmoid", "tanh", "softplus", "softsign"] {
            table[name] = unaryFloat
        }
        for name in ["sum", "prod", "mean", "max", "min", "any", "all"] {
            // `any`/`all` take anything, `mean` casts a bool tensor to floatx first (as K.mean does).
            table[name] = { args, r in try reduction(args, r); if !["any", "all", "mean"].contains(name) { try numeric(args[0], r) } }
        }
        for name in ["var", "std", "logsumexp"] { table[name] = { args, r in try reduction(args, r); try float(args[0], r) } }
        for name in ["argmax", "argmin", "cumsum", "cumprod"] {
            table[name] = { args, r in
                try unaryNumeric(args, r)
                guard args[0].rank >= 1 else { throw fail(r, "expected a tensor of rank >= 1, received a scalar") }
                let a = try axis(try r.int("axis") ?? (name.hasPrefix("arg") ? -1 : 0), rank: args[0].rank, r)
                if name.hasPrefix("arg"), args[0].shape[a] == 0 {
                    throw fail(r, "cannot take the \(name) over the empty axis \(a) of shape \(args[0].shape)")
                }
            }
        }
        table["pow"] = { args, r in
            try unaryFloat(args, r)
            guard try r.double("a") != nil else { throw fail(r, "missing attribute `a`") }
        }
        table["clip"] = { args, r in try unaryNumeric(args, r); _ = try r.double("min_value"); _ = try r.double("max_value") }
        table["cast"] = { args, r in
            try count(args, 1, r)
            guard try r.dtype("dtype") != nil else { throw fail(r, "missing attribute `dtype`") }
        }
        for name in ["zeros_like", "ones_like"] { table[name] = { args, r in try count(args, 1, r); _ = try r.dtype("dtype") } }
        for name in ["zeros", "ones"] {
            table[name] = { args, r in
                try count(args, 0, r)
                guard let shape = try r.ints("shape"), shape.allSatisfy({ $0 >= 0 }), shape.count <= 32,
                      shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) < 1 << 32 else {
                    throw fail(r, "attribute `shape` must be a list of sizes >= 0")
                }
                _ = try r.dtype("dtype")
            }
        }
        table["relu"] = { args, r in
            try unaryFloat(args, r)
            _ = try r.double("alpha"); _ = try r.double("max_value"); _ = try r.double("threshold")
        }
        table["elu"] = { args, r in try unaryFloat(args, r); _ = try r.double("alpha") }
        table["softmax"] = { args, r in
            try unaryFloat(args, r)
            guard args[0].rank >= 1 else { throw fail(r, "expected a tensor of rank >= 1, received a scalar") }
            try axis(try r.int("axis") ?? -1, rank: args[0].rank, r)
        }
        table["l2_normalize"] = { args, r in try unaryFloat(args, r); try axes(r, "axis", rank: args[0].rank) }
        table["dot"] = { args, r in
            try count(args, 2, r)
            let (x, y) = (args[0], args[1])
            try sameDType(x, y, r); try float(x, r)
            guard x.rank >= 1, y.rank >= 1 else { throw fail(r, "operands must have rank >= 1, received shapes \(x.shape) and \(y.shape)") }
            guard x.shape[x.rank - 1] == y.shape[max(y.rank - 2, 0)] else {
                throw fail(r, "the last axis of x (\(x.shape[x.rank - 1])) differs from the second-to-last axis of y (\(y.shape[max(y.rank - 2, 0)])); shapes \(x.shape) and \(y.shape)")
            }
        }
        table["batch_dot"] = { args, r in
            try count(args, 2, r)
            let (x, y) = (args[0], args[1])
            try sameDType(x, y, r); try float(x, r)
            guard x.rank >= 2, y.rank >= 2 else { throw fail(r, "operands must have rank >= 2, received shapes \(x.shape) and \(y.shape)") }
            guard x.shape[0] == y.shape[0] else { throw fail(r, "batch sizes differ (\(x.shape[0]) and \(y.shape[0]))") }
            let pair = try r.ints("axes") ?? (y.rank == 2 ? [x.rank - 1, y.rank - 1] : [x.rank - 1, y.rank - 2])
            guard pair.count == 1 || pair.count == 2 else { throw fail(r, "axes must hold 1 or 2 axes, received \(pair)") }
            let ax = try axis(pair[0], rank: x.rank, r), ay = try axis(pair[pair.count - 1], rank: y.rank, r)
            guard ax != 0, ay != 0 else { throw fail(r, "cannot contract over axis 0, the batch axis") }
            guard x.shape[ax] == y.shape[ay] else {
                throw fail(r, "contracted axes differ in size: x axis \(ax) has \(x.shape[ax]), y axis \(ay) has \(y.shape[ay])")
            }
        }
        table["transpose"] = { args, r in try count(args, 1, r) }
        table["reshape"] = { args, r in
            try count(args, 1, r)
            guard let shape = try r.ints("shape") else { throw fail(r, "missing attribute `shape`") }
            let unknown = shape.filter { $0 == -1 }.count
            guard unknown <= 1, shape.allSatisfy({ $0 >= -1 }) else { throw fail(r, "shape \(shape): sizes must be >= 0, with at most one -1") }
            let known = shape.filter { $0 != -1 }.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue })
            let fits = unknown == 0 ? known == args[0].count : (known > 0 && args[0].count % known == 0) || (known == 0 && args[0].count == 0)
            guard fits else { throw fail(r, "cannot reshape \(args[0].shape) (\(args[0].count) elements) to \(shape)") }
        }
        table["flatten"] = { args, r in try count(args, 1, r) }
        table["batch_flatten"] = { args, r in
            try count(args, 1, r)
            guard args[0].rank >= 1 else { throw fail(r, "expected a tensor of rank >= 1") }
        }
        table["expand_dims"] = { args, r in try count(args, 1, r); try axis(try r.int("axis") ?? -1, rank: args[0].rank, r, insert: true) }
        table["squeeze"] = { args, r in
            try count(args, 1, r)
            guard let a = try r.int("axis") else { throw fail(r, "missing attribute `axis`") }
            let n = try axis(a, rank: args[0].rank, r)
            guard args[0].shape[n] == 1 else { throw fail(r, "axis \(a) has size \(args[0].shape[n]), expected 1 (shape \(args[0].shape))") }
        }
        table["permute_dimensions"] = { args, r in
            try count(args, 1, r)
            guard let pattern = try r.ints("pattern"), pattern.sorted() == Array(0..<args[0].rank) else {
                throw fail(r, "`pattern` must be a permutation of 0..<\(args[0].rank)")
            }
        }
        table["concatenate"] = { args, r in
            guard let first = args.first else { throw fail(r, "expected at least one tensor") }
            guard first.rank >= 1 else { throw fail(r, "cannot concatenate scalars") }
            let a = try axis(try r.int("axis") ?? -1, rank: first.rank, r)
            for (i, x) in args.enumerated() {
                try sameDType(first, x, r)
                var expected = first.shape
                guard x.rank == first.rank else { throw fail(r, "tensor \(i) has shape \(x.shape), tensor 0 has \(first.shape)") }
                expected[a] = x.shape[a]
                guard x.shape == expected else { throw fail(r, "tensor \(i) has shape \(x.shape); all but axis \(a) must match \(first.shape)") }
            }
        }
        table["stack"] = { args, r in
            guard let first = args.first else { throw fail(r, "expected at least one tensor") }
            try axis(try r.int("axis") ?? 0, rank: first.rank, r, insert: true)
            for (i, x) in args.enumerated() where x.shape != first.shape || x.dtype != first.dtype {
                throw fail(r, "tensor \(i) is \(x.dtype) \(x.shape), tensor 0 is \(first.dtype) \(first.shape)")
            }
        }
        table["slice"] = { args, r in
            try count(args, 1, r)
            let x = args[0]
            guard let start = try r.ints("start"), let size = try r.ints("size"), start.count == x.rank, size.count == x.rank else {
                throw fail(r, "`start` and `size` must each give \(x.rank) values")
            }
            for i in 0..<x.rank {
                let s = size[i] == -1 ? x.shape[i] - start[i] : size[i]
                guard start[i] >= 0, start[i] <= x.shape[i], s >= 0, start[i] + s <= x.shape[i] else {
                    throw fail(r, "axis \(i): start \(start[i]) size \(size[i]) is outside 0..<\(x.shape[i])")
                }
            }
        }
        table["reverse"] = { args, r in
            try count(args, 1, r)
            guard try r.ints("axes") != nil else { throw fail(r, "missing attribute `axes`") }
            try axes(r, "axes", rank: args[0].rank)
        }
        table["repeat"] = { args, r in
            try count(args, 1, r)
            guard args[0].rank == 2 else { throw fail(r, "expected a 2-D tensor, received shape \(args[0].shape)") }
            guard let n = try r.int("n"), n >= 0 else { throw fail(r, "`n` must be an integer >= 0") }
        }
        table["repeat_elements"] = { args, r in
            try count(args, 1, r)
            guard let rep = try r.int("rep"), rep >= 1 else { throw fail(r, "`rep` must be an integer >= 1") }
            guard let a = try r.int("axis") else { throw fail(r, "missing attribute `axis`") }
            try axis(a, rank: args[0].rank, r)
        }
        table["tile"] = { args, r in
            try count(args, 1, r)
            guard let n = try r.ints("n"), n.count <= args[0].rank, n.allSatisfy({ $0 >= 0 }) else {
                throw fail(r, "`n` must give at most \(args[0].rank) multiples >= 0")
            }
        }
        table["gather"] = { args, r in
            try count(args, 2, r)
            guard args[0].rank >= 1 else { throw fail(r, "reference must have rank >= 1") }
            guard args[1].dtype == .int32 || args[1].dtype == .int64 else { throw fail(r, "indices must be int32 or int64, received \(args[1].dtype)") }
            let length = args[0].shape[0]
            if let bad = args[1].doubles.first(where: { $0 < 0 || $0 >= Double(length) }) {
                throw fail(r, "index \(Int(bad)) is out of range 0..<\(length)")
            }
        }
        table["one_hot"] = { args, r in
            try count(args, 1, r)
            guard args[0].dtype.isInteger else { throw fail(r, "indices must be integers, received \(args[0].dtype)") }
            guard let n = try r.int("num_classes"), n >= 0 else { throw fail(r, "`num_classes` must be an integer >= 0") }
        }
        table["bias_add"] = { args, r in
            // K.biasAdd's rules: a float x; a 1-D bias of the channel axis' size (x of rank ≥ 2), or
            // a bias of rank x.rank − 1 (x of rank 3 to 5) that broadcasts to x's shape.
            try count(args, 2, r)
            let (x, bias) = (args[0], args[1])
            try float(x, r); try sameDType(x, bias, r)
            let format = try dataFormat(r)
            let fits: Bool
            if bias.rank == 1 {
                let channelAxis = format == .channelsFirst ? 1 : x.rank - 1
                fits = x.rank >= 2 && bias.shape[0] == x.shape[channelAxis]
            } else if bias.rank == x.rank - 1, (3...5).contains(x.rank) {
                let shape = format == .channelsFirst ? [1, bias.shape[bias.rank - 1]] + bias.shape.dropLast() : [1] + bias.shape
                fits = zip(shape, x.shape).allSatisfy { $0 == 1 || $0 == $1 }
            } else {
                fits = false
            }
            guard fits else {
                throw fail(r, "bias \(bias.shape) does not fit x \(x.shape) (\(format.rawValue): a 1-D bias of the channel axis' size with x of rank >= 2, or a bias of rank \(x.rank - 1) for x of rank 3 to 5)")
            }
        }
        for name in ["categorical_crossentropy", "binary_crossentropy"] {
            table[name] = { args, r in
                try count(args, 2, r)
                try sameDType(args[0], args[1], r); try float(args[1], r)
                guard args[0].shape == args[1].shape, args[0].rank >= 1 else {
                    throw fail(r, "target \(args[0].shape) and output \(args[1].shape) must have one shape of rank >= 1")
                }
                _ = try r.bool("from_logits")
                if name == "categorical_crossentropy" { try axis(try r.int("axis") ?? -1, rank: args[0].rank, r) }
            }
        }
        table.merge(windowChecks) { first, _ in first }
        table.merge(nnChecks) { first, _ in first }
        table.merge(creationChecks) { first, _ in first }
        return table
    }()
}
