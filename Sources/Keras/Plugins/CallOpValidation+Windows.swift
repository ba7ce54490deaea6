/// `call_op` checks for the sliding-window functions: convolutions (plain, depthwise,
/// separable, transposed, locally connected) and pooling. They mirror the preconditions of the
/// K functions (ranks, channel counts, window geometry, attribute ranges), and bound sizes and
/// attributes so that no arithmetic on them can overflow.
extension CallOpValidation {
    /// The largest stride, dilation, window, factor or padding amount accepted from a plugin.
    static let attributeLimit = 1 << 24
    /// The largest element count of a result accepted from a plugin.
    static let elementLimit = 1 << 32

    // MARK: Attribute readers (the same spellings and defaults as ``ConformanceOps``)

    /// `data_format`, resolved to the configured default when absent.
    static func dataFormat(_ r: ConfigReader) throws -> KerasConfig.ImageDataFormat {
        guard let name = try r.string("data_format") else { return K.imageDataFormat() }
        guard let format = KerasConfig.ImageDataFormat(rawValue: name.lowercased()) else {
            throw fail(r, "`data_format` must be channels_last or channels_first, received \"\(name)\"")
        }
        return format
    }

    /// `padding`: valid (the default), same, or causal where `causal` is allowed.
    static func padding(_ r: ConfigReader, causal: Bool) throws -> Padding {
        guard let name = try r.string("padding") else { return .valid }
        guard let padding = Padding(rawValue: name.lowercased()), padding != .causal || causal else {
            throw fail(r, "`padding` must be \(causal ? "valid, same or causal" : "valid or same"), received \"\(name)\"")
        }
        return padding
    }

    /// `count` sizes under `key` in `1...attributeLimit` (a single integer is repeated);
    /// `fallback` when absent, an error when absent and `fallback` is nil.
    static func sizes(_ r: ConfigReader, _ key: String, _ count: Int, fallback: Int? = 1, repeatable: Bool = true) throws -> [Int] {
        guard let values = try r.ints(key) else {
            guard let fallback else { throw fail(r, "missing attribute `\(key)`") }
            return [Int](repeating: fallback, count: count)
        }
        let expanded = repeatable && values.count == 1 ? [Int](repeating: values[0], count: count) : values
        guard expanded.count == count, expanded.allSatisfy({ (1...attributeLimit).contains($0) }) else {
            throw fail(r, "`\(key)` must give \(count) integer\(count == 1 ? "" : "s") in 1...\(attributeLimit), received \(values)")
        }
        return expanded
    }

    /// Throws when a result of `shape` would hold more than ``elementLimit`` elements.
    static func fitsInMemory(_ shape: [Int], _ r: ConfigReader) throws {
        var total = 1
        for size in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: max(size, 0))
            guard !overflow, product <= elementLimit else { throw fail(r, "the result \(shape) would exceed \(elementLimit) elements") }
            total = product
        }
    }

    /// `x` of rank `n + 2`, float, not empty: its channel count and spatial sizes.
    static func image(_ x: Tensor, spatialRank n: Int, _ format: KerasConfig.ImageDataFormat, _ r: ConfigReader,
                      _ what: String = "x") throws -> (channels: Int, spatial: [Int]) {
        try float(x, r, what)
        guard x.rank == n + 2 else { throw fail(r, "\(what) must have rank \(n + 2) (batch, \(n) spatial axes, channels), received shape \(x.shape)") }
        guard x.count > 0 else { throw fail(r, "\(what) is empty (shape \(x.shape))") }
        return format == .channelsFirst ? (x.shape[1], Array(x.shape[2...])) : (x.shape[n + 1], Array(x.shape[1...n]))
    }

    /// A kernel of rank `rank` with every size >= 1 and `x`'s dtype.
    static func kernel(_ k: Tensor, rank: Int, like x: Tensor, _ r: ConfigReader, _ what: String = "kernel") throws {
        guard k.rank == rank, k.shape.allSatisfy({ $0 >= 1 }) else {
            throw fail(r, "\(what) must have rank \(rank) with sizes >= 1, received shape \(k.shape)")
        }
        guard k.dtype == x.dtype else { throw fail(r, "dtypes differ (x \(x.dtype), \(what) \(k.dtype)); cast one first") }
    }

    /// The output sizes of a window op over `spatial`, or an error when a window does not fit.
    static func windowOutput(_ spatial: [Int], window: [Int], strides: [Int], dilations: [Int], padding: Padding,
                             _ r: ConfigReader) throws -> [Int] {
        try spatial.indices.map { i in
            let pad = padding.amounts(input: spatial[i], kernel: window[i], stride: strides[i], dilation: dilations[i])
            let extent = Padding.effectiveKernelSize(window[i], dilation: dilations[i])
            guard spatial[i] + pad.before + pad.after >= extent else {
                throw fail(r, "spatial size \(spatial[i]) on spatial axis \(i) is smaller than the window extent \(extent) with \(padding) padding")
            }
            return padding.outputLength(input: spatial[i], kernel: window[i], stride: strides[i], dilation: dilations[i])
        }
    }

    // MARK: Checks

    /// `conv1d`/`conv2d`/`conv3d(x, kernel)`: kernel `(k…, in, out)`.
    static func convolution(_ n: Int) -> Check {
        { args, r in
            try count(args, 2, r)
            let format = try dataFormat(r), padding = try padding(r, causal: n == 1)
            guard padding != .causal || format == .channelsLast else { throw fail(r, "causal padding needs channels_last input") }
            let (x, k) = (args[0], args[1])
            let (channels, spatial) = try image(x, spatialRank: n, format, r)
            try kernel(k, rank: n + 2, like: x, r)
            guard k.shape[n] == channels else {
                throw fail(r, "the kernel \(k.shape) expects \(k.shape[n]) input channels, x \(x.shape) has \(channels)")
            }
            let strides = try sizes(r, "strides", n), dilations = try sizes(r, "dilation_rate", n)
            let out = try windowOutput(spatial, window: Array(k.shape.prefix(n)), strides: strides, dilations: dilations,
                                       padding: padding, r)
            try fitsInMemory([x.shape[0], k.shape[n + 1]] + out, r)
        }
    }

    /// `depthwise_conv2d(x, kernel)` and the separable convolutions' first two arguments:
    /// depthwise kernel `(k…, in, multiplier)`. Returns the depthwise output's batch, channels
    /// and spatial sizes.
    @discardableResult
    static func depthwise(_ args: [Tensor], spatialRank n: Int, _ r: ConfigReader) throws -> (batch: Int, channels: Int, spatial: [Int]) {
        let format = try dataFormat(r), padding = try padding(r, causal: n == 1)
        let (x, k) = (args[0], args[1])
        let (channels, spatial) = try image(x, spatialRank: n, format, r)
        try kernel(k, rank: n + 2, like: x, r, "depthwise kernel")
        guard k.shape[n] == channels else {
            throw fail(r, "the depthwise kernel \(k.shape) expects \(k.shape[n]) input channels, x \(x.shape) has \(channels)")
        }
        let strides = try sizes(r, "strides", n), dilations = try sizes(r, "dilation_rate", n)
        let out = try windowOutput(spatial, window: Array(k.shape.prefix(n)), strides: strides, dilations: dilations,
                                   padding: padding, r)
        let (product, overflow) = channels.multipliedReportingOverflow(by: k.shape[n + 1])
        guard !overflow else { throw fail(r, "\(channels) channels times \(k.shape[n + 1]) is too large") }
        try fitsInMemory([x.shape[0], product] + out, r)
        return (x.shape[0], product, out)
    }

    /// `separable_conv1d`/`separable_conv2d(x, depthwise, pointwise)`: pointwise `(1…, in·m, out)`.
    static func separable(_ n: Int) -> Check {
        { args, r in
            try count(args, 3, r)
            let (batch, channels, out) = try depthwise(args, spatialRank: n, r)
            let p = args[2]
            try kernel(p, rank: n + 2, like: args[0], r, "pointwise kernel")
            guard p.shape.prefix(n).allSatisfy({ $0 == 1 }), p.shape[n] == channels else {
                throw fail(r, "the pointwise kernel must be (\(Array(repeating: "1", count: n).joined(separator: ", ")), \(channels), out), received \(p.shape)")
            }
            try fitsInMemory([batch, p.shape[n + 1]] + out, r)
        }
    }

    /// `conv2d_transpose`/`conv3d_transpose(x, kernel)` with `output_shape`: kernel `(k…, out, in)`;
    /// a convolution of `output_shape` with the same geometry must give `x`'s spatial sizes.
    static func transposed(_ n: Int) -> Check {
        { args, r in
            try count(args, 2, r)
            let format = try dataFormat(r), padding = try padding(r, causal: false)
            let (x, k) = (args[0], args[1])
            let (channels, spatial) = try image(x, spatialRank: n, format, r)
            try kernel(k, rank: n + 2, like: x, r)
            guard let shape = try r.ints("output_shape") else { throw fail(r, "missing attribute `output_shape`") }
            guard shape.count == n + 2, shape.allSatisfy({ (1...attributeLimit).contains($0) }) else {
                throw fail(r, "`output_shape` must give \(n + 2) sizes in 1...\(attributeLimit), received \(shape)")
            }
            let target = format == .channelsFirst ? [shape[0]] + Array(shape[2...]) + [shape[1]] : shape
            guard target[0] == x.shape[0] else { throw fail(r, "output_shape batch \(target[0]) differs from x's batch \(x.shape[0])") }
            guard k.shape[n + 1] == channels, k.shape[n] == target[n + 1] else {
                throw fail(r, "the kernel \(k.shape) (…, out, in) does not fit x \(x.shape) (\(channels) channels) and output_shape \(shape) (\(target[n + 1]) channels)")
            }
            let strides = try sizes(r, "strides", n)
            let dilations = n == 2 ? try sizes(r, "dilation_rate", n) : [Int](repeating: 1, count: n)
            try fitsInMemory(target, r)
            for i in 0..<n {
                let expected = padding.outputLength(input: target[i + 1], kernel: k.shape[i], stride: strides[i], dilation: dilations[i])
                guard expected == spatial[i] else {
                    throw fail(r, "output_shape \(shape) does not fit x \(x.shape): a \(padding) convolution of size \(target[i + 1]) with kernel \(k.shape[i]) and stride \(strides[i]) gives \(expected), not \(spatial[i]) (spatial axis \(i))")
                }
            }
        }
    }

    /// `pool2d`/`pool3d(x)` with `pool_size`, `strides`, `padding`, `pool_mode`.
    static func pooling(_ n: Int) -> Check {
        { args, r in
            try count(args, 1, r)
            let format = try dataFormat(r), padding = try padding(r, causal: false)
            let (channels, spatial) = try image(args[0], spatialRank: n, format, r)
            let window = try sizes(r, "pool_size", n, fallback: nil, repeatable: false)
            let strides = try sizes(r, "strides", n)
            guard [nil, "max", "avg"].contains(try r.string("pool_mode")) else {
                throw fail(r, "`pool_mode` must be max or avg, received \(r.values["pool_mode"].map { "\($0)" } ?? "")")
            }
            let out = try windowOutput(spatial, window: window, strides: strides, dilations: [Int](repeating: 1, count: n),
                                       padding: padding, r)
            try fitsInMemory([args[0].shape[0], channels] + out, r)
        }
    }

    /// `local_conv1d`/`local_conv2d(inputs, kernel)`: kernel `(positions, k…·in, filters)`;
    /// every output position's window lies inside the input.
    static func localConvolution(_ n: Int) -> Check {
        { args, r in
            try count(args, 2, r)
            let format = try dataFormat(r)
            let (x, k) = (args[0], args[1])
            let (channels, spatial) = try image(x, spatialRank: n, format, r, "inputs")
            let window = try sizes(r, "kernel_size", n, fallback: nil, repeatable: false)
            let strides = try sizes(r, "strides", n, fallback: nil, repeatable: false)
            try kernel(k, rank: 3, like: x, r)
            let outputs = n == 1 ? [k.shape[0]] : try sizes(r, "output_shape", n, fallback: nil, repeatable: false)
            let positions = outputs.reduce(1, *), features = window.reduce(1, *) * channels
            guard k.shape[0] == positions, k.shape[1] == features else {
                throw fail(r, "the kernel must be (\(positions), \(features), filters) for output \(outputs), kernel_size \(window) and \(channels) channels, received \(k.shape)")
            }
            for i in 0..<n where (outputs[i] - 1) * strides[i] + window[i] > spatial[i] {
                throw fail(r, "an output of \(outputs[i]) positions with kernel_size \(window[i]) and stride \(strides[i]) does not fit \(spatial[i]) input cells on spatial axis \(i)")
            }
            try fitsInMemory([x.shape[0], positions, features], r)
        }
    }

    static let windowChecks: [String: Check] = [
        "conv1d": convolution(1), "conv2d": convolution(2), "conv3d": convolution(3),
        "depthwise_conv2d": { args, r in try count(args, 2, r); try depthwise(args, spatialRank: 2, r) },
        "separable_conv1d": separable(1), "separable_conv2d": separable(2),
        "conv2d_transpose": transposed(2), "conv3d_transpose": transposed(3),
        "pool2d": pooling(2), "pool3d": pooling(3),
        "local_conv1d": localConvolution(1), "local_conv2d": localConvolution(2),
    ]
}
