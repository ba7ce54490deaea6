extension LayerRegistry {
    /// The pooling layers by Keras class name.
    static let poolingLayers: [String: LayerFactory] = [
        "MaxPooling1D": MaxPooling1D.fromConfig, "MaxPooling2D": MaxPooling2D.fromConfig, "MaxPooling3D": MaxPooling3D.fromConfig,
        "AveragePooling1D": AveragePooling1D.fromConfig, "AveragePooling2D": AveragePooling2D.fromConfig,
        "AveragePooling3D": AveragePooling3D.fromConfig,
        "GlobalMaxPooling1D": GlobalMaxPooling1D.fromConfig, "GlobalMaxPooling2D": GlobalMaxPooling2D.fromConfig,
        "GlobalMaxPooling3D": GlobalMaxPooling3D.fromConfig,
        "GlobalAveragePooling1D": GlobalAveragePooling1D.fromConfig,
        "GlobalAveragePooling2D": GlobalAveragePooling2D.fromConfig,
        "GlobalAveragePooling3D": GlobalAveragePooling3D.fromConfig,
        // Keras's aliases.
        "MaxPool1D": MaxPooling1D.fromConfig, "MaxPool2D": MaxPooling2D.fromConfig, "MaxPool3D": MaxPooling3D.fromConfig,
        "AvgPool1D": AveragePooling1D.fromConfig, "AvgPool2D": AveragePooling2D.fromConfig, "AvgPool3D": AveragePooling3D.fromConfig,
        "GlobalMaxPool1D": GlobalMaxPooling1D.fromConfig, "GlobalMaxPool2D": GlobalMaxPooling2D.fromConfig,
        "GlobalMaxPool3D": GlobalMaxPooling3D.fromConfig,
        "GlobalAvgPool1D": GlobalAveragePooling1D.fromConfig, "GlobalAvgPool2D": GlobalAveragePooling2D.fromConfig,
        "GlobalAvgPool3D": GlobalAveragePooling3D.fromConfig,
    ]
}
