/// Which of Keras 3.15.1's layer classes (`keras.layers`) SwiftKeras has, for the saving docs
/// and for the error a config naming a missing one gets: the class, and why it does not load.
///
/// The list is checked against the registry by a test (none of these is registered as a
/// built-in; registering one with ``LayerRegistry/register(_:factory:)`` or a plugin makes it load).
enum KerasLayerCoverage {
    /// Keras 3 layer classes with no SwiftKeras layer yet, by class name, with the reason.
    static let missing: [String: String] = {
        var table: [String: String] = [:]
        func add(_ names: [String], _ why: String) { for name in names { table[name] = why } }
        add(["ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"],
            "an activation layer class that is not a SwiftKeras layer yet (Activation(\"relu\") and the like cover the default arguments of ReLU/ELU/Softmax)")
        add(["GaussianNoise", "GaussianDropout", "AlphaDropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
             "ActivityRegularization"], "a regularization layer that is not a SwiftKeras layer yet")
        add(["UnitNormalization", "RMSNormalization", "GroupNormalization", "SpectralNormalization"],
            "a normalization layer that is not a SwiftKeras layer yet")
        add(["Attention", "AdditiveAttention", "MultiHeadAttention", "GroupedQueryAttention", "GroupQueryAttention", "EinsumDense"],
            "an attention layer that is not a SwiftKeras layer yet")
        add(["StackedRNNCells", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"],
            "a recurrent layer that is not a SwiftKeras layer yet (RNN takes one SimpleRNNCell, LSTMCell or GRUCell)")
        add(["Cropping3D", "ZeroPadding3D", "UpSampling3D"], "a 3-D reshaping layer that is not a SwiftKeras layer yet")
        add(["AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D",
             "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D"],
            "an adaptive pooling layer that is not a SwiftKeras layer yet")
        add(["Normalization", "Rescaling", "Resizing", "CenterCrop", "Discretization", "CategoryEncoding", "Hashing",
             "HashedCrossing", "StringLookup", "IntegerLookup", "TextVectorization", "MelSpectrogram", "STFTSpectrogram", "Pipeline"],
            "a preprocessing layer; SwiftKeras has no preprocessing layers yet")
        add(["AugMix", "AutoContrast", "ContrastLimitedAdaptiveHistogramEqualization", "CutMix", "Equalization",
             "MaxNumBoundingBoxes", "MixUp", "RandAugment", "RandomBrightness", "RandomColorDegeneration", "RandomColorJitter",
             "RandomContrast", "RandomCrop", "RandomElasticTransform", "RandomErasing", "RandomFlip", "RandomGaussianBlur",
             "RandomGrayscale", "RandomHue", "RandomInvert", "RandomPerspective", "RandomPosterization", "RandomRotation",
             "RandomSaturation", "RandomSharpness", "RandomShear", "RandomTranslation", "RandomZoom", "Solarization"],
            "an image augmentation layer; SwiftKeras has no preprocessing layers yet")
        add(["ReversibleEmbedding"], "an embedding layer that is not a SwiftKeras layer yet")
        add(["TFSMLayer", "JaxLayer", "FlaxLayer", "TorchModuleWrapper"],
            "a layer that wraps TensorFlow, JAX, Flax or PyTorch code, which cannot run outside Python")
        add(["Layer", "Wrapper"], "Keras's abstract base class: a config naming it comes from a custom subclass, which must be registered with LayerRegistry.register")
        return table
    }()

    /// The sentence an "unknown class" error gets for a Keras class listed in ``missing``.
    static func note(for className: String) -> String? {
        missing[className].map { "\(className) is a Keras 3 layer class: \($0)." }
    }
}
