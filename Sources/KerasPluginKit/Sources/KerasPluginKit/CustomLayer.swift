/// A shape as layers see it while a model is built: `nil` where the size is not known yet (the
/// batch axis), and the dtype.
///
/// ```swift
/// let out = TensorShape([input[0], outputDim])     // (None, 3)
/// ```
public struct TensorShape: Sendable, Equatable, CustomStringConvertible {
    public var dimensions: [Int?]
    public var dtype: DType

    public init(_ dimensions: [Int?], dtype: DType = .float32) {
        self.dimensions = dimensions
        self.dtype = dtype
    }

    public var rank: Int { dimensions.count }
    public subscript(axis: Int) -> Int? { dimensions[axis < 0 ? axis + dimensions.count : axis] }

    /// Dimension `axis`, which must be known; throws naming `what` otherwise.
    public func known(_ axis: Int, _ what: String = "the layer") throws -> Int {
        guard axis >= -rank, axis < rank, let d = self[axis] else {
            throw KernelError.invalidArgument("\(what): axis \(axis) of input shape \(self) must be known")
        }
        return d
    }

    public var description: String { "(" + dimensions.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + ")" }
}

/// A weight a layer declares in ``CustomLayer/build(_:inputShapes:)``: its index among the
/// weights ``CustomLayer/call(_:weights:training:)`` receives.
public struct Weight: Sendable, Hashable {
    public let index: Int
}

extension Array where Element == HostTensor {
    /// The value of `weight` in a call's weights.
    public subscript(weight: Weight) -> HostTensor { self[weight.index] }
}

/// Declares a layer's weights during ``CustomLayer/build(_:inputShapes:)``: the host makes each a
/// Variable named `<layer>/<name>`, initialised with a Keras initializer.
public struct WeightBuilder {
    let context: OpaquePointer?

    /// Adds a weight and returns its place in `call`'s weights.
    ///
    /// - Parameters:
    ///   - initializer: a Keras initializer name (`"glorot_uniform"`, `"zeros"`, `"orthogonal"`,
    ///     `"uniform"`) or its config as JSON; nil: glorot_uniform for floats.
    ///   - dtype: nil for the layer's dtype.
    @discardableResult
    public func addWeight(name: String, shape: [Int], initializer: String? = nil, trainable: Bool = true,
                          dtype: DType? = nil, regularizer: String? = nil, constraint: String? = nil) throws -> Weight {
        guard let addWeight = HostServices.host.field(\.add_weight), let addWeight else {
            throw KernelError.failure("the host has no add_weight (it predates plugin ABI 1.2)")
        }
        var index: Int32 = -1
        let dims = shape.map(Int64.init)
        let error: UnsafeMutablePointer<keras_error>? = name.withCString { cName in
            dims.withUnsafeBufferPointer { d in
                withOptionalCString(initializer) { cInit in
                    withOptionalCString(regularizer) { cReg in
                        withOptionalCString(constraint) { cCon in
                            var spec = keras_weight_spec(struct_size: UInt64(MemoryLayout<keras_weight_spec>.size), name: cName,
                                                         dtype: dtype?.abiCode ?? -1, rank: Int32(shape.count), shape: d.baseAddress,
                                                         initializer: cInit, trainable: trainable ? 1 : 0, reserved: 0,
                                                         regularizer: cReg, constraint: cCon)
                            return addWeight(context, &spec, &index)
                        }
                    }
                }
            }
        }
        if let error { throw HostServices.consume(error, "add_weight \(name)") }
        return Weight(index: Int(index))
    }
}

func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}

/// A custom layer written in a plugin, the way Keras documents custom layers: weights declared in
/// `build`, the computation in `call` with ``K`` over host tensors, the output shapes, and the
/// config that rebuilds it. Register the type with a ``LayerClass`` in a ``LayersPlugin``.
///
/// ```swift
/// final class MyLayer: CustomLayer {
///     let outputDim: Int
///     var kernel: Weight!
///     init(config: LayerConfig) throws { outputDim = try config.int("output_dim") }
///     func build(_ weights: WeightBuilder, inputShapes: [TensorShape]) throws {
///         kernel = try weights.addWeight(name: "kernel", shape: [try inputShapes[0].known(1), outputDim], initializer: "uniform")
///     }
///     func call(_ inputs: [HostTensor], weights: [HostTensor], training: Bool) throws -> [HostTensor] {
///         [try K.dot(inputs[0], weights[kernel])]
///     }
///     func computeOutputShapes(_ s: [TensorShape]) throws -> [TensorShape] { [TensorShape([s[0][0], outputDim])] }
///     func getConfig() -> [String: ConfigValue] { ["output_dim": .number(Double(outputDim))] }
/// }
/// ```
///
/// Mirrors a `keras.layers.Layer` subclass with `build`, `call`, `compute_output_shape` and
/// `get_config`.
public protocol CustomLayer: AnyObject {
    /// Creates the layer from its Keras config (its own keys and name, trainable, dtype).
    init(config: LayerConfig) throws
    /// Declares the weights, once, from the input shapes (batch axis unknown).
    func build(_ weights: WeightBuilder, inputShapes: [TensorShape]) throws
    /// Computes the outputs from the inputs and the weights (in declaration order).
    func call(_ inputs: [HostTensor], weights: [HostTensor], training: Bool) throws -> [HostTensor]
    /// The output shapes for the input shapes.
    func computeOutputShapes(_ inputShapes: [TensorShape]) throws -> [TensorShape]
    /// The class's own config keys (the host adds name, trainable and dtype).
    func getConfig() -> [String: ConfigValue]
}

/// A layer class a plugin exports: its registered name (Keras 3's `"Package>ClassName"`; the
/// part after `>` also answers while unambiguous) and its type.
///
/// ```swift
/// LayerClass("SeedLayers>MyLayer", MyLayer.self)
/// ```
public struct LayerClass: @unchecked Sendable {
    public let name: String
    let type: any CustomLayer.Type

    public init(_ name: String, _ type: any CustomLayer.Type) {
        self.name = name
        self.type = type
    }
}
