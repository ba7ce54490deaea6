extension ConformanceOps {
    /// Evaluators for the shape and linear-algebra families of `K` functions, by Keras 2 name.
    static let shapeOps: [String: OpEvaluator] = [
        // Linear algebra
        "dot": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.dot(args[0], args[1])]
        },
        "batch_dot": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.batchDot(args[0], args[1], axes: try attrs.ints("axes"))]
        },
        "transpose": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.transpose(args[0])]
        },

        // Reshaping
        "reshape": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.reshape(args[0], try required(attrs.ints("shape"), "shape", attrs))]
        },
        "flatten": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.flatten(args[0])]
        },
        "batch_flatten": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.batchFlatten(args[0])]
        },
        "expand_dims": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.expandDims(args[0], axis: try attrs.int("axis") ?? -1)]
        },
        "squeeze": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.squeeze(args[0], axis: try required(attrs.int("axis"), "axis", attrs))]
        },
        "permute_dimensions": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.permuteDimensions(args[0], try required(attrs.ints("pattern"), "pattern", attrs))]
        },

        // Joining, slicing, flipping
        "concatenate": { args, attrs in
            [K.concatenate(args, axis: try attrs.int("axis") ?? -1)]
        },
        "stack": { args, attrs in
            [K.stack(args, axis: try attrs.int("axis") ?? 0)]
        },
        "slice": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.slice(args[0], start: try required(attrs.ints("start"), "start", attrs),
                            size: try required(attrs.ints("size"), "size", attrs))]
        },
        "reverse": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.reverse(args[0], axes: try required(attrs.ints("axes"), "axes", attrs))]
        },

        // Repetition
        "repeat": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.repeat(args[0], try required(attrs.int("n"), "n", attrs))]
        },
        "repeat_elements": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.repeatElements(args[0], rep: try required(attrs.int("rep"), "rep", attrs),
                                     axis: try required(attrs.int("axis"), "axis", attrs))]
        },
        "tile": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.tile(args[0], try required(attrs.ints("n"), "n", attrs))]
        },

        // Lookups
        "gather": { args, attrs in
            try expectArgs(args, 2, attrs)
            return [K.gather(args[0], args[1])]
        },
        "one_hot": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.oneHot(args[0], numClasses: try required(attrs.int("num_classes"), "num_classes", attrs))]
        },

        // Padding and resizing
        "temporal_padding": { args, attrs in
            try expectArgs(args, 1, attrs)
            let pair = try pairs(attrs, "padding", count: 1, default: [1, 1])
            return [K.temporalPadding(args[0], padding: (pair[0], pair[1]))]
        },
        "spatial_2d_padding": { args, attrs in
            try expectArgs(args, 1, attrs)
            let p = try pairs(attrs, "padding", count: 2, default: [1, 1, 1, 1])
            return [K.spatial2dPadding(args[0], padding: ((p[0], p[1]), (p[2], p[3])),
                                       dataFormat: try dataFormat(attrs))]
        },
        "spatial_3d_padding": { args, attrs in
            try expectArgs(args, 1, attrs)
            let p = try pairs(attrs, "padding", count: 3, default: [1, 1, 1, 1, 1, 1])
            return [K.spatial3dPadding(args[0], padding: ((p[0], p[1]), (p[2], p[3]), (p[4], p[5])),
                                       dataFormat: try dataFormat(attrs))]
        },
        "resize_images": { args, attrs in
            try expectArgs(args, 1, attrs)
            let name = try attrs.string("interpolation") ?? "nearest"
            guard let interpolation = Interpolation(rawValue: name) else {
                throw KerasError(.invalidArgument,
                                 "\(attrs.caseID): attribute `interpolation`: expected \"nearest\" or \"bilinear\", received \"\(name)\"")
            }
            return [K.resizeImages(args[0], heightFactor: try required(attrs.int("height_factor"), "height_factor", attrs),
                                   widthFactor: try required(attrs.int("width_factor"), "width_factor", attrs),
                                   dataFormat: try dataFormat(attrs), interpolation: interpolation)]
        },
        "resize_volumes": { args, attrs in
            try expectArgs(args, 1, attrs)
            return [K.resizeVolumes(args[0], depthFactor: try required(attrs.int("depth_factor"), "depth_factor", attrs),
                                    heightFactor: try required(attrs.int("height_factor"), "height_factor", attrs),
                                    widthFactor: try required(attrs.int("width_factor"), "width_factor", attrs),
                                    dataFormat: try dataFormat(attrs))]
        },
    ]

    /// `value`, or an error naming the missing attribute.
    private static func required<T>(_ value: T?, _ key: String, _ attrs: OpAttributes) throws -> T {
        guard let value else {
            throw KerasError(.invalidArgument, "\(attrs.caseID): missing attribute `\(key)`")
        }
        return value
    }

    /// A padding attribute of `count` (before, after) pairs, flattened; a single pair may be
    /// written flat (`[1, 2]`, as `temporal_padding` takes it).
    private static func pairs(_ attrs: OpAttributes, _ key: String, count: Int, default fallback: [Int]) throws -> [Int] {
        guard attrs.has(key) else { return fallback }
        let flat: [Int]
        if count == 1, let single = try? attrs.ints(key) {
            flat = single
        } else {
            flat = try required(attrs.intPairs(key), key, attrs).flatMap { $0 }
        }
        guard flat.count == 2 * count else {
            throw KerasError(.invalidArgument,
                             "\(attrs.caseID): attribute `\(key)`: expected \(count) (before, after) pairs, received \(flat)")
        }
        return flat
    }

    /// The `data_format` attribute (nil when absent: the configured default).
    private static func dataFormat(_ attrs: OpAttributes) throws -> KerasConfig.ImageDataFormat? {
        guard let name = try attrs.string("data_format") else { return nil }
        guard let format = KerasConfig.ImageDataFormat(rawValue: name) else {
            throw KerasError(.invalidArgument,
                             "\(attrs.caseID): attribute `data_format`: expected \"channels_last\" or \"channels_first\", received \"\(name)\"")
        }
        return format
    }
}
