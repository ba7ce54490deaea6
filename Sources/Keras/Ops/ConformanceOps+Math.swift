extension ConformanceOps {
    /// Evaluators for the Math family of `K` functions, by Keras 2 name: arithmetic,
    /// element-wise math, comparisons, reductions, creation and casting.
    static let mathOps: [String: OpEvaluator] = {
        var ops: [String: OpEvaluator] = [:]

        // Arithmetic and comparisons: two tensors, no attributes.
        let binary: [String: @Sendable (Tensor, Tensor) -> Tensor] = [
            "add": K.add, "subtract": K.subtract, "multiply": K.multiply, "divide": K.divide,
            "maximum": K.maximum, "minimum": K.minimum,
            "equal": K.equal, "not_equal": K.notEqual, "greater": K.greater,
            "greater_equal": K.greaterEqual, "less": K.less, "less_equal": K.lessEqual,
        ]
        for (name, f) in binary {
            ops[name] = { args, attrs in try expectArgs(args, 2, attrs); return [f(args[0], args[1])] }
        }

        // Element-wise functions of one tensor.
        let unary: [String: @Sendable (Tensor) -> Tensor] = [
            "abs": K.abs, "square": K.square, "sqrt": K.sqrt, "exp": K.exp, "log": K.log,
            "sign": K.sign, "round": K.round, "sin": K.sin, "cos": K.cos,
            "stop_gradient": K.stopGradient,
        ]
        for (name, f) in unary {
            ops[name] = { args, attrs in try expectArgs(args, 1, attrs); return [f(args[0])] }
        }

        // Reductions: `axis` (int, list or None) and `keepdims`.
        let reductions: [String: @Sendable (Tensor, [Int]?, Bool) -> Tensor] = [
            "sum": { K.sum($0, axes: $1, keepDims: $2) }, "prod": { K.prod($0, axes: $1, keepDims: $2) },
            "mean": { K.mean($0, axes: $1, keepDims: $2) }, "max": { K.max($0, axes: $1, keepDims: $2) },
            "min": { K.min($0, axes: $1, keepDims: $2) }, "var": { K.var($0, axes: $1, keepDims: $2) },
            "std": { K.std($0, axes: $1, keepDims: $2) }, "any": { K.any($0, axes: $1, keepDims: $2) },
            "all": { K.all($0, axes: $1, keepDims: $2) },
            "logsumexp": { K.logsumexp($0, axes: $1, keepDims: $2) },
        ]
        for (name, f) in reductions {
            ops[name] = { args, attrs in
                try expectArgs(args, 1, attrs)
                return [f(args[0], try attrs.ints("axis"), try attrs.bool("keepdims") ?? false)]
            }
        }

        // Functions of one tensor along one axis.
        let alongAxis: [String: (default: Int, f: @Sendable (Tensor, Int) -> Tensor)] = [
            "argmax": (-1, { K.argmax($0, axis: $1) }), "argmin": (-1, { K.argmin($0, axis: $1) }),
            "cumsum": (0, { K.cumsum($0, axis: $1) }), "cumprod": (0, { K.cumprod($0, axis: $1) }),
        ]
        for (name, entry) in alongAxis {
            ops[name] = { args, attrs in
                try expectArgs(args, 1, attrs)
                return [entry.f(args[0], try attrs.int("axis") ?? entry.default)]
            }
        }

        ops["pow"] = { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.pow(args[0], try required(attrs.double("a"), "a", attrs))]
        }
        ops["clip"] = { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.clip(args[0], minValue: try attrs.double("min_value"), maxValue: try attrs.double("max_value"))]
        }
        ops["cast"] = { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.cast(args[0], try required(attrs.dtype("dtype"), "dtype", attrs))]
        }

        // Creation.
        ops["zeros_like"] = { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.zerosLike(args[0], dtype: try attrs.dtype("dtype"))]
        }
        ops["ones_like"] = { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.onesLike(args[0], dtype: try attrs.dtype("dtype"))]
        }
        ops["zeros"] = { args, attrs in
            try expectArgs(args, 0, attrs)
            return [K.zeros(try required(attrs.ints("shape"), "shape", attrs), dtype: try attrs.dtype("dtype"))]
        }
        ops["ones"] = { args, attrs in
            try expectArgs(args, 0, attrs)
            return [K.ones(try required(attrs.ints("shape"), "shape", attrs), dtype: try attrs.dtype("dtype"))]
        }
        ops["eye"] = { args, attrs in
            try expectArgs(args, 0, attrs)
            let size = try required(attrs.ints("size"), "size", attrs)
            guard size.count == 1 || size.count == 2 else {
                throw KerasError(.invalidArgument, "\(attrs.caseID): attribute `size`: expected n or (n, m), received \(size)")
            }
            return [K.eye(size[0], size.last!, dtype: try attrs.dtype("dtype"))]
        }
        ops["arange"] = { args, attrs in
            try expectArgs(args, 0, attrs)
            return [K.arange(try required(attrs.double("start"), "start", attrs), stop: try attrs.double("stop"),
                             step: try attrs.double("step") ?? 1, dtype: try attrs.dtype("dtype") ?? .int32)]
        }
        return ops
    }()

    /// Unwraps a required attribute, or throws naming the case and the key.
    private static func required<T>(_ value: T?, _ key: String, _ attrs: OpAttributes) throws -> T {
        guard let value else {
            throw KerasError(.invalidArgument, "\(attrs.caseID): missing attribute `\(key)`")
        }
        return value
    }
}
