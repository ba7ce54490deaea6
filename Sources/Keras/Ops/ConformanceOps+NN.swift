extension ConformanceOps {
    /// Evaluators for the NN family of `K` functions (activations, crossentropies,
    /// normalisation, convolution, pooling, control flow), by Keras 2 name.
    static let nnOps: [String: OpEvaluator] = [
        // Activations
        "relu": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.relu(args[0], alpha: try attrs.double("alpha") ?? 0, maxValue: try attrs.double("max_value"),
                           threshold: try attrs.double("threshold") ?? 0)]
        },
        "elu": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.elu(args[0], alpha: try attrs.double("alpha") ?? 1)]
        },
        "sigmoid": { args, attrs in try expectArgs(args, 1, attrs); return [K.sigmoid(args[0])] },
        "hard_sigmoid": { args, attrs in try expectArgs(args, 1, attrs); return [K.hardSigmoid(args[0])] },
        "tanh": { args, attrs in try expectArgs(args, 1, attrs); return [K.tanh(args[0])] },
        "softplus": { args, attrs in try expectArgs(args, 1, attrs); return [K.softplus(args[0])] },
        "softsign": { args, attrs in try expectArgs(args, 1, attrs); return [K.softsign(args[0])] },
        "softmax": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.softmax(args[0], axis: try attrs.int("axis") ?? -1)]
        },
        "l2_normalize": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.l2Normalize(args[0], axes: try attrs.ints("axis"))]
        },
        "in_top_k": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.inTopK(args[0], args[1], k: try required(attrs.int("k"), "k", attrs))]
        },

        // Crossentropies
        "categorical_crossentropy": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.categoricalCrossentropy(args[0], args[1], fromLogits: try attrs.bool("from_logits") ?? false,
                                              axis: try attrs.int("axis") ?? -1)]
        },
        "sparse_categorical_crossentropy": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.sparseCategoricalCrossentropy(args[0], args[1], fromLogits: try attrs.bool("from_logits") ?? false,
                                                    axis: try attrs.int("axis") ?? -1)]
        },
        "binary_crossentropy": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.binaryCrossentropy(args[0], args[1], fromLogits: try attrs.bool("from_logits") ?? false)]
        },

        // Normalisation
        "bias_add": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.biasAdd(args[0], args[1], dataFormat: try dataFormat(attrs))]
        },
        "batch_normalization": { args, attrs in
            // beta and gamma are either tensor arguments or `null` attributes.
            guard (3...5).contains(args.count) else {
                throw KerasError(.invalidArgument, "\(attrs.caseID): expected 3 to 5 tensor arguments, received \(args.count)")
            }
            return [K.batchNormalization(args[0], mean: args[1], variance: args[2],
                                         beta: args.count > 3 ? args[3] : nil, gamma: args.count > 4 ? args[4] : nil,
                                         axis: try attrs.int("axis") ?? -1, epsilon: try attrs.double("epsilon") ?? 1e-3)]
        },

        // Convolution and pooling
        "conv1d": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.conv1d(args[0], args[1], strides: try ints(attrs, "strides", 1)[0], padding: try padding(attrs),
                             dataFormat: try dataFormat(attrs), dilationRate: try ints(attrs, "dilation_rate", 1)[0])]
        },
        "conv2d": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.conv2d(args[0], args[1], strides: try pair(attrs, "strides"), padding: try padding(attrs),
                             dataFormat: try dataFormat(attrs), dilationRate: try pair(attrs, "dilation_rate"))]
        },
        "conv2d_transpose": { args, attrs in
            try expectArgs(args, 2, attrs)
            let shape = try required(attrs.ints("output_shape"), "output_shape", attrs)
            return [K.conv2dTranspose(args[0], args[1], outputShape: shape.map { $0 }, strides: try pair(attrs, "strides"),
                                      padding: try padding(attrs), dataFormat: try dataFormat(attrs),
                                      dilationRate: try pair(attrs, "dilation_rate"))]
        },
        "depthwise_conv2d": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.depthwiseConv2d(args[0], args[1], strides: try pair(attrs, "strides"), padding: try padding(attrs),
                                      dataFormat: try dataFormat(attrs), dilationRate: try pair(attrs, "dilation_rate"))]
        },
        "separable_conv2d": { args, attrs in
            try expectArgs(args, 3, attrs)
            return [K.separableConv2d(args[0], args[1], args[2], strides: try pair(attrs, "strides"),
                                      padding: try padding(attrs), dataFormat: try dataFormat(attrs),
                                      dilationRate: try pair(attrs, "dilation_rate"))]
        },
        "pool2d": { args, attrs in
            try expectArgs(args, 1, attrs)
            let size = try required(attrs.ints("pool_size"), "pool_size", attrs)
            guard size.count == 2 else { throw invalid(attrs, "pool_size", "two integers", "\(size)") }
            return [K.pool2d(args[0], poolSize: (size[0], size[1]), strides: try pair(attrs, "strides"),
                             padding: try padding(attrs), dataFormat: try dataFormat(attrs), poolMode: try poolMode(attrs))]
        },

        "conv3d": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.conv3d(args[0], args[1], strides: try triple(attrs, "strides"), padding: try padding(attrs),
                             dataFormat: try dataFormat(attrs), dilationRate: try triple(attrs, "dilation_rate"))]
        },
        "conv3d_transpose": { args, attrs in
            try expectArgs(args, 2, attrs)
            let shape = try required(attrs.ints("output_shape"), "output_shape", attrs)
            return [K.conv3dTranspose(args[0], args[1], outputShape: shape.map { $0 }, strides: try triple(attrs, "strides"),
                                      padding: try padding(attrs), dataFormat: try dataFormat(attrs))]
        },
        "separable_conv1d": { args, attrs in
            try expectArgs(args, 3, attrs)
            return [K.separableConv1d(args[0], args[1], args[2], strides: try ints(attrs, "strides", 1)[0],
                                      padding: try padding(attrs), dataFormat: try dataFormat(attrs),
                                      dilationRate: try ints(attrs, "dilation_rate", 1)[0])]
        },
        "pool3d": { args, attrs in
            try expectArgs(args, 1, attrs)
            let size = try required(attrs.ints("pool_size"), "pool_size", attrs)
            guard size.count == 3 else { throw invalid(attrs, "pool_size", "three integers", "\(size)") }
            return [K.pool3d(args[0], poolSize: (size[0], size[1], size[2]), strides: try triple(attrs, "strides"),
                             padding: try padding(attrs), dataFormat: try dataFormat(attrs), poolMode: try poolMode(attrs))]
        },
        "local_conv1d": { args, attrs in
            try expectArgs(args, 2, attrs)
            let size = try required(attrs.ints("kernel_size"), "kernel_size", attrs)
            let strides = try required(attrs.ints("strides"), "strides", attrs)
            return [K.localConv1d(args[0], args[1], kernelSize: size[0], strides: strides[0], dataFormat: try dataFormat(attrs))]
        },
        "local_conv2d": { args, attrs in
            try expectArgs(args, 2, attrs)
            let size = try required(attrs.ints("kernel_size"), "kernel_size", attrs)
            let strides = try required(attrs.ints("strides"), "strides", attrs)
            let shape = try required(attrs.ints("output_shape"), "output_shape", attrs)
            guard size.count == 2, strides.count == 2, shape.count == 2 else {
                throw invalid(attrs, "kernel_size/strides/output_shape", "pairs", "\(size), \(strides), \(shape)")
            }
            return [K.localConv2d(args[0], args[1], kernelSize: (size[0], size[1]), strides: (strides[0], strides[1]),
                                  outputShape: (shape[0], shape[1]), dataFormat: try dataFormat(attrs))]
        },
        "normalize_batch_in_training": { args, attrs in
            // gamma and beta are either tensor arguments or `null` attributes.
            guard (1...3).contains(args.count) else {
                throw KerasError(.invalidArgument, "\(attrs.caseID): expected 1 to 3 tensor arguments, received \(args.count)")
            }
            let axes = try required(attrs.ints("reduction_axes"), "reduction_axes", attrs)
            let (normed, mean, variance) = K.normalizeBatchInTraining(
                args[0], gamma: args.count > 1 ? args[1] : nil, beta: args.count > 2 ? args[2] : nil,
                reductionAxes: axes, epsilon: try attrs.double("epsilon") ?? 1e-3)
            return [normed, mean, variance]
        },

        // CTC
        "ctc_batch_cost": { args, attrs in
            try expectArgs(args, 4, attrs)
            return [K.ctcBatchCost(args[0], args[1], inputLength: args[2], labelLength: args[3])]
        },
        "ctc_decode": { args, attrs in
            // Returns the decoded paths followed by the log-probabilities.
            try expectArgs(args, 2, attrs)
            let (decoded, scores) = K.ctcDecode(args[0], inputLength: args[1], greedy: try attrs.bool("greedy") ?? true,
                                                beamWidth: try attrs.int("beam_width") ?? 100,
                                                topPaths: try attrs.int("top_paths") ?? 1,
                                                mergeRepeated: try attrs.bool("merge_repeated") ?? false)
            return decoded + [scores]
        },

        // Control flow
        "switch": { args, attrs in
            try expectArgs(args, 3, attrs)
            return [K.switch(args[0], args[1], args[2])]
        },
        "in_train_phase": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.inTrainPhase(args[0], args[1], training: try attrs.bool("training"))]
        },
        "in_test_phase": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.inTestPhase(args[0], args[1], training: try attrs.bool("training"))]
        },
    ]

    // MARK: Attribute helpers for the NN family

    private static func invalid(_ attrs: OpAttributes, _ key: String, _ expected: String, _ received: String) -> KerasError {
        KerasError(.invalidArgument, "\(attrs.caseID): attribute `\(key)`: expected \(expected), received \(received)")
    }

    private static func required<T>(_ value: T?, _ key: String, _ attrs: OpAttributes) throws -> T {
        guard let value else { throw invalid(attrs, key, "a value", "nothing") }
        return value
    }

    /// `data_format`, nil when absent (the configured default).
    private static func dataFormat(_ attrs: OpAttributes) throws -> KerasConfig.ImageDataFormat? {
        guard let s = try attrs.string("data_format") else { return nil }
        guard let format = KerasConfig.ImageDataFormat(rawValue: s.lowercased()) else {
            throw invalid(attrs, "data_format", "channels_last or channels_first", s)
        }
        return format
    }

    /// `padding`, `.valid` when absent.
    private static func padding(_ attrs: OpAttributes) throws -> Padding {
        guard let s = try attrs.string("padding") else { return .valid }
        guard let padding = Padding(rawValue: s.lowercased()) else {
            throw invalid(attrs, "padding", "valid, same or causal", s)
        }
        return padding
    }

    /// `pool_mode`: `max` or `avg`, `max` when absent.
    private static func poolMode(_ attrs: OpAttributes) throws -> PoolMode {
        switch try attrs.string("pool_mode") {
        case nil, "max": return .max
        case "avg": return .average
        case let other?: throw invalid(attrs, "pool_mode", "max or avg", other)
        }
    }

    /// An integer or list attribute with `count` entries (a single integer is repeated), 1s when absent.
    private static func ints(_ attrs: OpAttributes, _ key: String, _ count: Int) throws -> [Int] {
        guard let values = try attrs.ints(key) else { return [Int](repeating: 1, count: count) }
        if values.count == 1 { return [Int](repeating: values[0], count: count) }
        guard values.count == count else { throw invalid(attrs, key, "\(count) integers", "\(values)") }
        return values
    }

    /// A triple attribute (3-D `strides`, `dilation_rate`), `(1, 1, 1)` when absent.
    private static func triple(_ attrs: OpAttributes, _ key: String) throws -> (Int, Int, Int) {
        let values = try ints(attrs, key, 3)
        return (values[0], values[1], values[2])
    }

    /// A pair attribute (`strides`, `dilation_rate`), `(1, 1)` when absent.
    private static func pair(_ attrs: OpAttributes, _ key: String) throws -> (Int, Int) {
        let values = try ints(attrs, key, 2)
        return (values[0], values[1])
    }
}
