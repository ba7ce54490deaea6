/// A 1-, 2- or 3-D channels-last convolution seen as 3-D (missing leading spatial axes have size
/// 1): the geometry both the reference backend's and the OpenBLAS plugin's im2col / col2im
/// transforms are written against.
///
/// The column matrix of one group has one row per output position and one column per (tap,
/// input channel of the group) pair (``columnWidth``), in the kernel's own order `(kz, ky, kx, c)`,
/// so that it multiplies the group's kernel slice `kernel[…, g·Og ..< (g+1)·Og]` viewed as a
/// `columnWidth × Og` matrix with row stride `outChannels`.
///
/// ```swift
/// let p = ConvolutionParameters(strides: [1, 1], dilations: [1, 1], paddingBefore: [0, 0], paddingAfter: [0, 0])
/// let g = ConvolutionGeometry(input: [1, 5, 5, 2], kernel: [3, 3, 2, 4], p)
/// g.positions     // 9
/// g.columnWidth   // 18
/// ```
public struct ConvolutionGeometry: Sendable {
    public let batch: Int
    public let inChannels: Int, outChannels: Int
    public let groups: Int, inPerGroup: Int, outPerGroup: Int
    /// Spatial extents as (depth, height, width).
    public let input: [Int], output: [Int], kernel: [Int]
    public let strides: [Int], dilations: [Int], paddingBefore: [Int]

    /// The geometry of a convolution of `input` by `kernel` giving `output` (shapes as the
    /// kernels see them; ``problem(input:kernel:_:)`` says whether they fit).
    public init(input inputShape: [Int], kernel kernelShape: [Int], output outputShape: [Int], _ p: ConvolutionParameters) {
        let n = p.spatialRank
        batch = inputShape[0]
        inChannels = inputShape[n + 1]
        outChannels = kernelShape[n + 1]
        groups = max(p.groups, 1)
        inPerGroup = kernelShape[n]
        outPerGroup = outChannels / groups
        let pad = [Int](repeating: 1, count: 3 - n)
        let zero = [Int](repeating: 0, count: 3 - n)
        input = pad + inputShape[1...n]
        output = pad + outputShape[1...n]
        kernel = pad + kernelShape[0..<n]
        strides = pad + p.strides
        dilations = pad + p.dilations
        paddingBefore = zero + p.paddingBefore
    }

    /// The geometry with the output shape the parameters give.
    public init(input inputShape: [Int], kernel kernelShape: [Int], _ p: ConvolutionParameters) {
        self.init(input: inputShape, kernel: kernelShape, output: p.outputShape(input: inputShape, kernel: kernelShape), p)
    }

    /// What is wrong with a convolution of these shapes, or `nil` when they fit: 1 to 3 spatial
    /// axes, input and kernel of rank N + 2, groups, strides, dilations ≥ 1 and paddings ≥ 0, and
    /// channels that divide into the groups.
    public static func problem(input inputShape: [Int], kernel kernelShape: [Int], _ p: ConvolutionParameters) -> String? {
        let n = p.spatialRank
        guard (1...3).contains(n) else { return "expected 1, 2 or 3 spatial dimensions, received \(n)" }
        guard inputShape.count == n + 2 && kernelShape.count == n + 2 else {
            return "expected rank-\(n + 2) input and kernel, received \(inputShape) and \(kernelShape)"
        }
        guard p.groups >= 1 && p.strides.allSatisfy({ $0 >= 1 }) && p.dilations.allSatisfy({ $0 >= 1 })
              && p.paddingBefore.allSatisfy({ $0 >= 0 }) && p.paddingAfter.allSatisfy({ $0 >= 0 }) else {
            return "expected groups, strides, dilations ≥ 1 and paddings ≥ 0, received \(p)"
        }
        let inChannels = inputShape[n + 1], inPerGroup = kernelShape[n], outChannels = kernelShape[n + 1]
        guard inPerGroup * p.groups == inChannels && outChannels % p.groups == 0 else {
            return "input has \(inChannels) channels and kernel \(kernelShape) with groups=\(p.groups); expected kernel in-channels × groups == \(inChannels) and out-channels divisible by groups"
        }
        return nil
    }

    /// Kernel taps (spatial positions of the kernel).
    @inlinable public var taps: Int { kernel[0] * kernel[1] * kernel[2] }
    /// Output positions per batch entry: the rows of one entry's column matrix.
    @inlinable public var positions: Int { output[0] * output[1] * output[2] }
    /// Columns of a group's column matrix: taps × input channels per group.
    @inlinable public var columnWidth: Int { taps * inPerGroup }
    /// Elements of one batch entry of the input / output.
    @inlinable public var inputSize: Int { input[0] * input[1] * input[2] * inChannels }
    @inlinable public var outputSize: Int { positions * outChannels }

    /// A 1 × 1 × 1 kernel with unit strides and no padding reads the input as it lies: the
    /// column matrix is the input itself (row stride `inChannels`), and im2col is skipped.
    @inlinable
    public var isPointwise: Bool {
        taps == 1 && strides == [1, 1, 1] && paddingBefore == [0, 0, 0] && output == input
    }

    /// One input channel per group (`groups == inChannels`): a depthwise convolution.
    @inlinable public var isDepthwise: Bool { inPerGroup == 1 && groups > 1 }

    /// Calls `body(tap, offset)` for each kernel tap of output position `row` of batch entry
    /// `row / positions`, in column order, with the element offset (from the start of the whole
    /// input) of channel 0 of `group`'s channels of the pixel the tap reads, or `nil` in padding.
    @inlinable
    public func forEachTap(row: Int, group: Int, _ body: (Int, Int?) -> Void) {
        let walk = TapWalk(self)
        let (outH, outW) = (output[1], output[2])
        var rest = row % positions
        let ow = rest % outW
        rest /= outW
        walk.visit(rest / outH, rest % outH, ow, base: row / positions * inputSize + group * inPerGroup, body)
    }

    /// Calls `body(row, tap, offset)` for every output position (`row`) of one batch entry and
    /// every kernel tap, in order, with the element offset of the input pixel the tap reads
    /// (channel 0, from the start of the entry), or `nil` in padding.
    @inlinable
    public func forEachTap(_ body: (Int, Int, Int?) -> Void) {
        let walk = TapWalk(self)
        var row = 0
        for oz in 0..<output[0] {
            for oy in 0..<output[1] {
                for ox in 0..<output[2] {
                    walk.visit(oz, oy, ox, base: 0) { tap, offset in body(row, tap, offset) }
                    row += 1
                }
            }
        }
    }
}

/// The kernel taps of one output position, the walk both `forEachTap`s take.
///
/// The geometry's extents are read into stored scalars once per walk (no array access in the
/// tap loops), and the coordinate arithmetic wraps: every value is bounded by the input and
/// output extents, whose products `outputShape` and the host's shape checks computed with
/// checked arithmetic, so it cannot overflow (release builds keep every check outside this loop).
@usableFromInline
struct TapWalk {
    @usableFromInline let inD: Int, inH: Int, inW: Int
    @usableFromInline let kD: Int, kH: Int, kW: Int
    @usableFromInline let sD: Int, sH: Int, sW: Int
    @usableFromInline let dD: Int, dH: Int, dW: Int
    @usableFromInline let pD: Int, pH: Int, pW: Int
    @usableFromInline let channels: Int

    @inlinable @inline(__always)
    init(_ g: ConvolutionGeometry) {
        (inD, inH, inW) = (g.input[0], g.input[1], g.input[2])
        (kD, kH, kW) = (g.kernel[0], g.kernel[1], g.kernel[2])
        (sD, sH, sW) = (g.strides[0], g.strides[1], g.strides[2])
        (dD, dH, dW) = (g.dilations[0], g.dilations[1], g.dilations[2])
        (pD, pH, pW) = (g.paddingBefore[0], g.paddingBefore[1], g.paddingBefore[2])
        channels = g.inChannels
    }

    /// Calls `body(tap, offset)` for each tap of output position (`od`, `oh`, `ow`), in column
    /// order, with `base` plus the offset of channel 0 of the pixel it reads, or `nil` in padding.
    @inlinable @inline(__always)
    func visit(_ od: Int, _ oh: Int, _ ow: Int, base: Int, _ body: (Int, Int?) -> Void) {
        var tap = 0
        for kd in 0..<kD {
            let id = od &* sD &- pD &+ kd &* dD
            let dInside = id >= 0 && id < inD
            for kh in 0..<kH {
                let ih = oh &* sH &- pH &+ kh &* dH
                let hInside = dInside && ih >= 0 && ih < inH
                let rowBase = base &+ (id &* inH &+ ih) &* inW &* channels
                for kw in 0..<kW {
                    let iw = ow &* sW &- pW &+ kw &* dW
                    if hInside && iw >= 0 && iw < inW {
                        body(tap, rowBase &+ iw &* channels)
                    } else {
                        body(tap, nil)
                    }
                    tap &+= 1
                }
            }
        }
    }
}
