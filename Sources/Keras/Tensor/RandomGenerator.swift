import CKerasRandom
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Philox-4x32-10 counter-based random bijection (Salmon, Moraes, Dror, Shaw: "Parallel
/// random numbers: as easy as 1, 2, 3", SC 2011).
///
/// A keyed function from a 128-bit counter to 128 random bits: block `n` of a stream is
/// `block((n, …))`, so any element of any stream is computed directly, in any order, on any
/// thread — which is what makes seeded sampling reproducible and parallel. It is the generator
/// TensorFlow and JAX use for the same reason.
///
/// ```swift
/// let philox = Philox4x32(key: (0, 0))
/// philox.block((0, 0, 0, 0))   // (0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8)
/// ```
public struct Philox4x32: Sendable, Hashable {
    public typealias Block = (UInt32, UInt32, UInt32, UInt32)

    /// The two key words.
    public let key0: UInt32, key1: UInt32

    public init(key: (UInt32, UInt32)) {
        key0 = key.0
        key1 = key.1
    }

    /// The key's two words taken from a 64-bit seed (low word first).
    public init(seed: UInt64) {
        self.init(key: (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
    }

    /// The 128 random bits for `counter`: ten rounds of multiply-xor with a key schedule.
    @inline(__always)
    public func block(_ counter: Block) -> Block {
        var c = counter
        var k0 = key0, k1 = key1
        for round in 0..<10 {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = UInt64(0xD251_1F53) &* UInt64(c.0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c.2)
            c = (UInt32(truncatingIfNeeded: p1 >> 32) ^ c.1 ^ k0, UInt32(truncatingIfNeeded: p1),
                 UInt32(truncatingIfNeeded: p0 >> 32) ^ c.3 ^ k1, UInt32(truncatingIfNeeded: p0))
        }
        return c
    }
}

/// Seeded samples of the standard distributions, computed in the core so that a seed gives the
/// same numbers on every backend (the `K.random*` functions and the initializers draw here).
///
/// Element `i` of a sample depends only on the seed and `i`: elements `2b` and `2b + 1` come
/// from Philox block `b` (two uniforms, or the two outputs of one Box–Muller transform), so a
/// tensor is filled in parallel and a prefix of a longer sample equals the shorter sample. Values are computed in `Double` and rounded to the dtype.
///
/// Without a seed, the seed comes from ``RandomSeedStream/shared``, which `K.setRandomSeed`
/// restarts (Keras 3's `keras.utils.set_random_seed`).
///
/// ```swift
/// let g = RandomGenerator(seed: 42)
/// g.sample(shape: [2, 3], dtype: .float32, .normal(mean: 0, stddev: 1))
/// ```
public struct RandomGenerator: Sendable, Hashable {
    /// What to sample.
    public enum Distribution: Sendable, Hashable {
        /// Uniform on `[low, high)`; for integer dtypes, the integers of that range.
        case uniform(low: Double, high: Double)
        /// Normal with mean and standard deviation (Box–Muller).
        case normal(mean: Double, stddev: Double)
        /// Normal with values beyond two standard deviations redrawn.
        case truncatedNormal(mean: Double, stddev: Double)
        /// 1 with probability `p` (a uniform draw `≤ p`), else 0.
        case bernoulli(p: Double)
    }

    /// The seed the stream was made from.
    public let seed: UInt64
    private let philox: Philox4x32

    public init(seed: UInt64) {
        self.seed = seed
        philox = Philox4x32(seed: seed)
    }

    /// A generator for a Keras-style optional seed: the seed's bits, or the next seed of the
    /// process-wide ``RandomSeedStream/shared`` for `nil`.
    public init(seed: Int?) {
        self.init(seed: seed.map { UInt64(bitPattern: Int64($0)) } ?? RandomSeedStream.shared.nextSeed())
    }

    // MARK: Standard samples

    /// Uniform on `[0, 1)` with 53 random bits, for element `index`.
    public func uniform(at index: Int) -> Double {
        let (u0, u1) = uniformPair(index >> 1)
        return index & 1 == 0 ? u0 : u1
    }

    /// Standard normal for element `index`: one of the two Box–Muller outputs of block `index / 2`.
    public func normal(at index: Int) -> Double {
        let (z0, z1) = normalPair(index >> 1)
        return index & 1 == 0 ? z0 : z1
    }

    /// Standard normal conditioned on `|z| ≤ 2` for element `index`: ``normal(at:)`` when it
    /// lies within the bounds (95% of the time), else a redraw from blocks of the element's own
    /// (counter `(index, attempt, tag)`, two candidates each), so the redraws of one element
    /// never touch another's.
    public func truncatedNormal(at index: Int) -> Double {
        let z = normal(at: index)
        return Swift.abs(z) <= 2 ? z : redrawTruncated(index)
    }

    private func redrawTruncated(_ index: Int) -> Double {
        let i = UInt64(index)
        var attempt: UInt32 = 1
        while true {
            let b = philox.block((UInt32(truncatingIfNeeded: i), UInt32(truncatingIfNeeded: i >> 32), attempt, Self.truncatedTag))
            let (z0, z1) = Self.boxMuller(Self.unit(b.0, b.1), Self.unit(b.2, b.3))
            if Swift.abs(z0) <= 2 { return z0 }
            if Swift.abs(z1) <= 2 { return z1 }
            attempt &+= 1
        }
    }

    /// The uniforms of elements `2·block` and `2·block + 1`.
    @inline(__always)
    private func uniformPair(_ block: Int) -> (Double, Double) {
        let b = philox.block(counter(block))
        return (Self.unit(b.0, b.1), Self.unit(b.2, b.3))
    }

    /// The standard normals of elements `2·block` and `2·block + 1`.
    @inline(__always)
    private func normalPair(_ block: Int) -> (Double, Double) {
        let (u0, u1) = uniformPair(block)
        return Self.boxMuller(u0, u1)
    }

    // MARK: Tensors

    /// A tensor of `shape` and `dtype` filled with samples of `distribution` (elements in
    /// row-major order, element `i` as above). Normal distributions take float dtypes only.
    ///
    /// `elementOffset` makes element `i` of the tensor element `elementOffset + i` of the
    /// stream: rows `r..<s` of a larger sample, drawn alone. Data-parallel training draws a
    /// rank's part of a dropout mask this way, so each sample's mask depends on its place in the
    /// global batch, not on how the batch is split over the ranks.
    ///
    /// ```swift
    /// let whole = g.sample(shape: [4, 3], dtype: .float32, .uniform(low: 0, high: 1))
    /// let last = g.sample(shape: [1, 3], dtype: .float32, .uniform(low: 0, high: 1), elementOffset: 9)
    /// // last == row 3 of whole
    /// ```
    public func sample(shape: [Int], dtype: DType, _ distribution: Distribution, elementOffset: Int = 0) -> Tensor {
        precondition(elementOffset >= 0, "RandomGenerator.sample: elementOffset must be ≥ 0, received \(elementOffset)")
        var t = Tensor(uninitializedShape: shape, dtype: dtype)
        let o = elementOffset
        switch dtype {
        case .float32: t.withUnsafeMutableBufferPointer(as: Float.self) { fill($0, o, distribution) }
        case .float64: t.withUnsafeMutableBufferPointer(as: Double.self) { fill($0, o, distribution) }
        case .int32: t.withUnsafeMutableBufferPointer(as: Int32.self) { fill($0, o, distribution) }
        case .int64: t.withUnsafeMutableBufferPointer(as: Int64.self) { fill($0, o, distribution) }
        case .uint8: t.withUnsafeMutableBufferPointer(as: UInt8.self) { fill($0, o, distribution) }
        case .bool: t.withUnsafeMutableBufferPointer(as: Bool.self) { fill($0, o, distribution) }
        }
        return t
    }

    /// A dropout keep mask: element `i` is `scale` where the uniform sample of element `i`
    /// (`sample(shape:dtype:.uniform(low: 0, high: 1), elementOffset:)`'s value, in `dtype`) is
    /// `≥ level` (compared in `dtype`), and 0 elsewhere — in one vectorised pass, without the
    /// uniform tensor. `dtype` is `float32` or `float64`; `scale` is rounded to it.
    ///
    /// The sample is `m · 2⁻⁵³` for the element's 53 random bits `m`, and rounding it to the dtype
    /// and comparing it with `level` is monotone in `m`, so the comparison is `m ≥ t` for one
    /// threshold `t` found by bisection on that very computation: the mask equals the one the
    /// uniform sample, a comparison and a multiplication would make, bit for bit.
    ///
    /// ```swift
    /// let g = RandomGenerator(seed: 42)
    /// g.keepMask(shape: [4], dtype: .float32, level: 0.5, scale: 2)   // each element 0 or 2
    /// ```
    public func keepMask(shape: [Int], dtype: DType, level: Double, scale: Double, elementOffset: Int = 0) -> Tensor {
        precondition(elementOffset >= 0, "RandomGenerator.keepMask: elementOffset must be ≥ 0, received \(elementOffset)")
        precondition(dtype.isFloatingPoint, "RandomGenerator.keepMask: dtype must be float32 or float64, received \(dtype)")
        var t = Tensor(uninitializedShape: shape, dtype: dtype)
        let (key0, key1) = (philox.key0, philox.key1)
        let offset = elementOffset
        switch dtype {
        case .float32:
            let threshold = Self.keepThreshold { m in Float(Swift.min(Self.unit(m), Double(Float(1).nextDown))) >= Float(level) }
            let keep = Float(scale)
            t.withUnsafeMutableBufferPointer(as: Float.self) { out in
                nonisolated(unsafe) let base = out.baseAddress
                Parallel.forEachChunk(out.count, minimumChunk: 1 << 15) { r in
                    keras_philox_keep_mask_f32(base.map { $0 + r.lowerBound }, Int64(r.count), Int64(offset + r.lowerBound),
                                               key0, key1, threshold, keep)
                }
            }
        default:
            let threshold = Self.keepThreshold { m in Swift.min(Self.unit(m), Double(1).nextDown) >= level }
            t.withUnsafeMutableBufferPointer(as: Double.self) { out in
                nonisolated(unsafe) let base = out.baseAddress
                Parallel.forEachChunk(out.count, minimumChunk: 1 << 15) { r in
                    keras_philox_keep_mask_f64(base.map { $0 + r.lowerBound }, Int64(r.count), Int64(offset + r.lowerBound),
                                               key0, key1, threshold, scale)
                }
            }
        }
        return t
    }

    /// The least 53-bit `m` for which `keep(m)` holds (2⁵³ when none does), for a `keep` that
    /// is monotone in `m`.
    private static func keepThreshold(_ keep: (UInt64) -> Bool) -> UInt64 {
        var (low, high) = (UInt64(0), UInt64(1) << 53)   // keep(high) taken as true
        while low < high {
            let middle = low + (high - low) / 2
            if keep(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private func fill<T: TensorScalar>(_ out: UnsafeMutableBufferPointer<T>, _ offset: Int, _ distribution: Distribution) {
        switch distribution {
        case .uniform(let low, let high):
            let width = high - low
            if T.dtype.isFloatingPoint {
                // Keep the range half-open after rounding to the dtype.
                let top = Swift.max(low, T.dtype == .float32 ? Double(Float(high).nextDown) : high.nextDown)
                fillPairs(out, offset) { b in
                    let (u0, u1) = uniformPair(b)
                    return (Swift.min(low + width * u0, top), Swift.min(low + width * u1, top))
                }
            } else {
                fillPairs(out, offset) { b in
                    let (u0, u1) = uniformPair(b)
                    return ((low + width * u0).rounded(.down), (low + width * u1).rounded(.down))
                }
            }
        case .normal(let mean, let stddev):
            fillPairs(out, offset) { b in
                let (z0, z1) = normalPair(b)
                return (mean + stddev * z0, mean + stddev * z1)
            }
        case .truncatedNormal(let mean, let stddev):
            fillPairs(out, offset) { b in
                var (z0, z1) = normalPair(b)
                if Swift.abs(z0) > 2 { z0 = redrawTruncated(2 * b) }
                if Swift.abs(z1) > 2 { z1 = redrawTruncated(2 * b + 1) }
                return (mean + stddev * z0, mean + stddev * z1)
            }
        case .bernoulli(let p):
            fillPairs(out, offset) { b in
                let (u0, u1) = uniformPair(b)
                return (u0 <= p ? 1 : 0, u1 <= p ? 1 : 0)
            }
        }
    }

    /// Stores `pair(b)` at stream elements `2b` and `2b + 1` for every block that covers
    /// elements `offset ..< offset + out.count` (element `offset + i` at `out[i]`), in parallel.
    @inline(__always)
    private func fillPairs<T: TensorScalar>(_ out: UnsafeMutableBufferPointer<T>, _ offset: Int,
                                            _ pair: (Int) -> (Double, Double)) {
        nonisolated(unsafe) let buffer = out
        let n = out.count
        guard n > 0 else { return }
        let first = offset >> 1, last = (offset + n - 1) >> 1
        Parallel.forEachChunk(last - first + 1, minimumChunk: 2048) { blocks in
            for block in blocks {
                let b = first + block
                let (v0, v1) = pair(b)
                let e = 2 * b - offset
                if e >= 0 { buffer[e] = T(fromDouble: v0) }
                if e + 1 < n { buffer[e + 1] = T(fromDouble: v1) }
            }
        }
    }

    // MARK: Building blocks

    private static let truncatedTag: UInt32 = 0x7472_756E

    @inline(__always)
    private func counter(_ block: Int) -> Philox4x32.Block {
        let b = UInt64(block)
        return (UInt32(truncatingIfNeeded: b), UInt32(truncatingIfNeeded: b >> 32), 0, 0)
    }

    /// `[0, 1)` from 53 of the 64 bits of two words.
    @inline(__always)
    private static func unit(_ hi: UInt32, _ lo: UInt32) -> Double {
        unit((UInt64(hi) << 21) ^ (UInt64(lo) >> 11))
    }

    /// `[0, 1)` from 53 random bits.
    @inline(__always)
    private static func unit(_ bits: UInt64) -> Double { Double(bits) * 0x1p-53 }

    /// Two independent standard normals from two uniforms on `[0, 1)`.
    @inline(__always)
    private static func boxMuller(_ u1: Double, _ u2: Double) -> (Double, Double) {
        let radius = (-2 * log(1 - u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (radius * cos(angle), radius * sin(angle))
    }
}

/// A stream of seeds: where draws without a seed get theirs.
///
/// ``shared`` is the process-wide stream behind `seed: nil` and `K.setRandomSeed`; it starts
/// from system entropy, so unseeded runs differ, as in Keras. Seed `n` of a stream is a
/// SplitMix64 hash of its start seed and `n`.
///
/// ```swift
/// let stream = RandomSeedStream(seed: 7)
/// let g = RandomGenerator(seed: stream.nextSeed())
/// ```
public final class RandomSeedStream: Sendable {
    /// The process-wide stream.
    public static let shared = RandomSeedStream(seed: UInt64.random(in: .min ... .max))

    private struct State {
        var seed: UInt64
        var draws: UInt64 = 0
    }

    private let state: Mutex<State>

    public init(seed: UInt64) {
        state = Mutex(State(seed: seed))
    }

    /// The next seed of the stream.
    public func nextSeed() -> UInt64 {
        state.withLock { s in
            s.draws &+= 1
            return Self.mix(s.seed &+ s.draws &* 0x9E37_79B9_7F4A_7C15)
        }
    }

    /// Restarts the stream from `seed`.
    public func reset(seed: UInt64) {
        state.withLock { $0 = State(seed: seed) }
    }

    /// Where the stream is: its seed and the seeds drawn so far (``restore(seed:draws:)`` puts
    /// another stream, in another process, at the same place).
    public var position: (seed: UInt64, draws: UInt64) { state.withLock { ($0.seed, $0.draws) } }

    /// Moves the stream to `position`: the next seeds are those that stream would draw.
    public func restore(seed: UInt64, draws: UInt64) {
        state.withLock { $0 = State(seed: seed, draws: draws) }
    }

    /// SplitMix64's finaliser: a bijection that spreads every input bit over the output.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
