extension LayerRegistry {
    /// The convolutional layers by Keras class name (with Keras's aliases).
    static let convolutionalLayers: [String: LayerFactory] = [
        "Conv1D": { try Conv1D(config: $0) },
        "Conv2D": { try Conv2D(config: $0) },
        "Conv3D": { try Conv3D(config: $0) },
        "Convolution1D": { try Conv1D(config: $0) },
        "Convolution2D": { try Conv2D(config: $0) },
        "Convolution3D": { try Conv3D(config: $0) },
        "Conv1DTranspose": { try Conv1DTranspose(config: $0) },
        "Conv2DTranspose": { try Conv2DTranspose(config: $0) },
        "Conv3DTranspose": { try Conv3DTranspose(config: $0) },
        "Convolution1DTranspose": { try Conv1DTranspose(config: $0) },
        "Convolution2DTranspose": { try Conv2DTranspose(config: $0) },
        "Convolution3DTranspose": { try Conv3DTranspose(config: $0) },
        "SeparableConv1D": { try SeparableConv1D(config: $0) },
        "SeparableConv2D": { try SeparableConv2D(config: $0) },
        "SeparableConvolution1D": { try SeparableConv1D(config: $0) },
        "SeparableConvolution2D": { try SeparableConv2D(config: $0) },
        "DepthwiseConv1D": { try DepthwiseConv1D(config: $0) },
        "DepthwiseConv2D": { try DepthwiseConv2D(config: $0) },
    ]
}
