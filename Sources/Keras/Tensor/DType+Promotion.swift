import KerasKernelTypes

/// Keras 3's dtype promotion (`keras.backend.result_type`): the dtype that an operation on
/// operands of different dtypes computes in.
///
/// The rule is the least upper bound on Keras 3's promotion lattice (adapted from JAX's):
/// `bool → weak int → uint8 → int32 → int64 → weak float → float32 → float64`, where `uint8`
/// also sits below `int32` on its own branch. A Swift number mixed with a tensor is *weak*, as
/// a Python scalar is in Keras: it takes the tensor's dtype when that can hold its kind
/// (`int32 + 1 → int32`, `float32 + 1.5 → float32`), and otherwise the kind's default
/// (`int32 + 1.5 → float32`, of `floatx()`'s width).
///
/// | operands | result |
/// |---|---|
/// | `bool`, `uint8` / `int32` / `int64` / `float32` / `float64` | the other one |
/// | `uint8`, `int32` | `int32` |
/// | `int32`, `int64` (or `uint8`, `int64`) | `int64` |
/// | any integer or `bool`, `float32` | `float32` |
/// | anything, `float64` | `float64` |
/// | integer tensor, Swift `Double` | `floatx()` (`float32`) |
/// | `bool` tensor, Swift `Int` | `int32` |
///
/// Keras's JAX backend narrows 64-bit results to 32 bits (`int64 + int32 → int32`); SwiftKeras
/// keeps them, as Keras on TensorFlow does.
///
/// ```swift
/// DType.result(.int32, .float32)          // .float32
/// DType.result(.int32, weak: .float)      // .float32  (int32 tensor + 1.5)
/// DType.result(.uint8, weak: .int)        // .uint8    (uint8 tensor + 1)
/// ```
///
/// Mirrors Keras 3's `keras.backend.result_type(*dtypes)`.
extension DType {
    /// A Swift number's kind when it meets a tensor (Keras's weak `int` and `float`).
    public enum WeakKind: Sendable {
        case int, float
    }

    /// The dtype `a` and `b` promote to.
    public static func result(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        return Node.leastUpperBound([Node(a), Node(b)]).resolved
    }

    /// The dtype a tensor of `dtype` and a Swift number of `kind` promote to.
    public static func result(_ dtype: DType, weak kind: WeakKind) -> DType {
        Node.leastUpperBound([Node(dtype), kind == .int ? .weakInt : .weakFloat]).resolved
    }

    /// The dtype of several dtypes together (`result_type(*dtypes)`); `floatx()` for none.
    public static func result(_ dtypes: [DType]) -> DType {
        guard let first = dtypes.first else { return K.floatx() }
        return dtypes.dropFirst().reduce(first) { result($0, $1) }
    }

    /// A node of Keras's lattice (the dtypes SwiftKeras has, and the two weak kinds).
    private enum Node: Hashable {
        case bool, weakInt, uint8, int32, int64, weakFloat, float32, float64

        init(_ dtype: DType) {
            switch dtype {
            case .bool: self = .bool
            case .uint8: self = .uint8
            case .int32: self = .int32
            case .int64: self = .int64
            case .float32: self = .float32
            case .float64: self = .float64
            }
        }

        /// The nodes directly above this one (Keras's `_type_promotion_lattice`, restricted).
        var above: [Node] {
            switch self {
            case .bool: [.weakInt]
            case .weakInt: [.uint8, .int32]
            case .uint8: [.int32]
            case .int32: [.int64]
            case .int64: [.weakFloat]
            case .weakFloat: [.float32]
            case .float32: [.float64]
            case .float64: []
            }
        }

        /// This node and everything above it.
        var upperBounds: Set<Node> {
            var bounds: Set<Node> = [self]
            var frontier = [self]
            while let node = frontier.popLast() {
                for up in node.above where bounds.insert(up).inserted { frontier.append(up) }
            }
            return bounds
        }

        /// The least common upper bound of `nodes`.
        static func leastUpperBound(_ nodes: [Node]) -> Node {
            let common = nodes.dropFirst().reduce(nodes[0].upperBounds) { $0.intersection($1.upperBounds) }
            // The least is the common bound whose own upper bounds hold every common bound.
            return common.first { common.isSubset(of: $0.upperBounds) }!
        }

        /// The concrete dtype: a weak kind resolves to `floatx()`'s width (Keras's
        /// `_resolve_weak_type`).
        var resolved: DType {
            let wide = K.floatx() == .float64
            switch self {
            case .bool: return .bool
            case .weakInt: return wide ? .int64 : .int32
            case .uint8: return .uint8
            case .int32: return .int32
            case .int64: return .int64
            case .weakFloat: return wide ? .float64 : .float32
            case .float32: return .float32
            case .float64: return .float64
            }
        }
    }
}
