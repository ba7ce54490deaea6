import CKerasABI

/// Geometry of an N-dimensional convolution (N = 1, 2 or 3) over channels-last tensors
/// (`keras_conv_params`).
///
/// Layouts: input `(batch, spatial…, inChannels)`, kernel `(spatial…, inChannels / groups,
/// outChannels)` — TensorFlow's layout, cross-correlation, no flip — output `(batch, outSpatial…,
/// outChannels)`. Output channel `o` belongs to group `o / (outChannels / groups)`, so a
/// depthwise convolution with multiplier `m` is `groups = inChannels` and output channel
/// `c·m + j`, as Keras orders it.
///
/// `outSpatial[i] = (in[i] + paddingBefore[i] + paddingAfter[i] − ((k[i] − 1)·dilations[i] + 1)) / strides[i] + 1`.
///
/// ```swift
/// let p = ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [1, 1], paddingAfter: [1, 1])
/// p.outputShape(input: [8, 28, 28, 1], kernel: [3, 3, 1, 16])   // [8, 28, 28, 16]
/// ```
public struct ConvolutionParameters: KernelParameters, Hashable {
    public var strides: [Int]
    public var dilations: [Int]
    public var paddingBefore: [Int]
    public var paddingAfter: [Int]
    public var groups: Int

    public static var kind: ParameterKind { .convolution }

    public init(strides: [Int], dilations: [Int], paddingBefore: [Int], paddingAfter: [Int], groups: Int = 1) {
        precondition(strides.count == dilations.count && strides.count == paddingBefore.count && strides.count == paddingAfter.count,
                     "ConvolutionParameters: strides, dilations and paddings must have one entry per spatial axis")
        self.strides = strides
        self.dilations = dilations
        self.paddingBefore = paddingBefore
        self.paddingAfter = paddingAfter
        self.groups = groups
    }

    /// Reads the host's parameters (plugin side).
    public init(_ params: UnsafePointer<keras_conv_params>) {
        let p = params.pointee
        let n = Int(p.spatial_rank)
        self.init(strides: intArray(p.strides, n), dilations: intArray(p.dilations, n),
                  paddingBefore: intArray(p.padding_before, n), paddingAfter: intArray(p.padding_after, n),
                  groups: Int(p.groups))
    }

    /// Number of spatial dimensions.
    public var spatialRank: Int { strides.count }

    /// Output shape for an input and kernel shape.
    public func outputShape(input: [Int], kernel: [Int]) -> [Int] {
        let n = spatialRank
        precondition(input.count == n + 2 && kernel.count == n + 2,
                     "convolution: expected rank-\(n + 2) input and kernel, received \(input) and \(kernel)")
        var out = [input[0]]
        for i in 0..<n {
            let effective = (kernel[i] - 1) * dilations[i] + 1
            let padded = input[i + 1] + paddingBefore[i] + paddingAfter[i]
            out.append(padded >= effective ? (padded - effective) / strides[i] + 1 : 0)
        }
        out.append(kernel[n + 1])
        return out
    }

    /// Lends the parameters to C as `keras_conv_params`.
    public func withC<R>(_ body: (UnsafePointer<keras_conv_params>) -> R) -> R {
        withInt64(strides) { s in
            withInt64(dilations) { dl in
                withInt64(paddingBefore) { pb in
                    withInt64(paddingAfter) { pa in
                        var c = keras_conv_params(struct_size: UInt64(MemoryLayout<keras_conv_params>.size),
                                                  spatial_rank: Int32(spatialRank), groups: Int32(groups),
                                                  strides: s, dilations: dl, padding_before: pb, padding_after: pa)
                        return withUnsafePointer(to: &c) { body($0) }
                    }
                }
            }
        }
    }
}

/// Geometry of an N-dimensional pooling over channels-last tensors `(batch, spatial…, channels)`
/// (`keras_pool_params`).
public struct PoolingParameters: KernelParameters, Hashable {
    public var mode: PoolMode
    public var window: [Int]
    public var strides: [Int]
    public var paddingBefore: [Int]
    public var paddingAfter: [Int]

    public static var kind: ParameterKind { .pooling }

    public init(mode: PoolMode, window: [Int], strides: [Int], paddingBefore: [Int], paddingAfter: [Int]) {
        precondition(window.count == strides.count && window.count == paddingBefore.count && window.count == paddingAfter.count,
                     "PoolingParameters: window, strides and paddings must have one entry per spatial axis")
        self.mode = mode
        self.window = window
        self.strides = strides
        self.paddingBefore = paddingBefore
        self.paddingAfter = paddingAfter
    }

    /// Reads the host's parameters (plugin side); `nil` for a pooling mode this build does not know.
    public init?(_ params: UnsafePointer<keras_pool_params>) {
        let p = params.pointee
        guard let mode = PoolMode(rawValue: p.mode) else { return nil }
        let n = Int(p.spatial_rank)
        self.init(mode: mode, window: intArray(p.window, n), strides: intArray(p.strides, n),
                  paddingBefore: intArray(p.padding_before, n), paddingAfter: intArray(p.padding_after, n))
    }

    public var spatialRank: Int { window.count }

    /// Output shape for an input shape.
    public func outputShape(input: [Int]) -> [Int] {
        let n = spatialRank
        precondition(input.count == n + 2, "pooling: expected a rank-\(n + 2) input, received \(input)")
        var out = [input[0]]
        for i in 0..<n {
            let padded = input[i + 1] + paddingBefore[i] + paddingAfter[i]
            out.append(padded >= window[i] ? (padded - window[i]) / strides[i] + 1 : 0)
        }
        out.append(input[n + 1])
        return out
    }

    /// Lends the parameters to C as `keras_pool_params`.
    public func withC<R>(_ body: (UnsafePointer<keras_pool_params>) -> R) -> R {
        withInt64(window) { w in
            withInt64(strides) { s in
                withInt64(paddingBefore) { pb in
                    withInt64(paddingAfter) { pa in
                        var c = keras_pool_params(struct_size: UInt64(MemoryLayout<keras_pool_params>.size),
                                                  spatial_rank: Int32(spatialRank), mode: mode.rawValue,
                                                  window: w, strides: s, padding_before: pb, padding_after: pa)
                        return withUnsafePointer(to: &c) { body($0) }
                    }
                }
            }
        }
    }
}
