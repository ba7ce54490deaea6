import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasSaving

/// Which of Keras 3's layer classes load here: every class of Keras 3.15.1's `keras.layers`
/// (the list below, printed from that version) is either a built-in SwiftKeras layer class or
/// listed in `KerasLayerCoverage.missing` with the reason (the list docs/saving.md shows), and a
/// config naming a missing one says why it does not load.
@Suite struct KerasLayerCoverageTests {
    /// `sorted(n for n in dir(keras.layers) if n is a Layer subclass)` in Keras 3.15.1 (163 names,
    /// aliases such as `Convolution2D` included).
    static let keras3LayerClasses: [String] = [
        "Activation", "ActivityRegularization", "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D",
        "AdaptiveAveragePooling3D", "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D", "Add",
        "AdditiveAttention", "AlphaDropout", "Attention", "AugMix", "AutoContrast", "Average", "AveragePooling1D",
        "AveragePooling2D", "AveragePooling3D", "AvgPool1D", "AvgPool2D", "AvgPool3D", "BatchNormalization",
        "Bidirectional", "CategoryEncoding", "CenterCrop", "Concatenate",
        "ContrastLimitedAdaptiveHistogramEqualization", "Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose",
        "Conv3D", "Conv3DTranspose", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Convolution1D",
        "Convolution1DTranspose", "Convolution2D", "Convolution2DTranspose", "Convolution3D",
        "Convolution3DTranspose", "Cropping1D", "Cropping2D", "Cropping3D", "CutMix", "Dense", "DepthwiseConv1D",
        "DepthwiseConv2D", "Discretization", "Dot", "Dropout", "ELU", "EinsumDense", "Embedding", "Equalization",
        "Flatten", "FlaxLayer", "GRU", "GRUCell", "GaussianDropout", "GaussianNoise", "GlobalAveragePooling1D",
        "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D",
        "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
        "GlobalMaxPooling3D", "GroupNormalization", "GroupQueryAttention", "HashedCrossing", "Hashing", "Identity",
        "InputLayer", "IntegerLookup", "JaxLayer", "LSTM", "LSTMCell", "Lambda", "Layer", "LayerNormalization",
        "LeakyReLU", "Masking", "MaxNumBoundingBoxes", "MaxPool1D", "MaxPool2D", "MaxPool3D", "MaxPooling1D",
        "MaxPooling2D", "MaxPooling3D", "Maximum", "MelSpectrogram", "Minimum", "MixUp", "MultiHeadAttention",
        "Multiply", "Normalization", "PReLU", "Permute", "Pipeline", "RMSNormalization", "RNN", "RandAugment",
        "RandomBrightness", "RandomColorDegeneration", "RandomColorJitter", "RandomContrast", "RandomCrop",
        "RandomElasticTransform", "RandomErasing", "RandomFlip", "RandomGaussianBlur", "RandomGrayscale",
        "RandomHue", "RandomInvert", "RandomPerspective", "RandomPosterization", "RandomRotation",
        "RandomSaturation", "RandomSharpness", "RandomShear", "RandomTranslation", "RandomZoom", "ReLU",
        "RepeatVector", "Rescaling", "Reshape", "Resizing", "ReversibleEmbedding", "STFTSpectrogram",
        "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D", "SimpleRNN",
        "SimpleRNNCell", "Softmax", "Solarization", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
        "SpectralNormalization", "StackedRNNCells", "StringLookup", "Subtract", "TFSMLayer", "TextVectorization",
        "TimeDistributed", "TorchModuleWrapper", "UnitNormalization", "UpSampling1D", "UpSampling2D", "UpSampling3D",
        "Wrapper", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
    ]

    @Test func everyKeras3LayerClassLoadsOrIsListedWithAReason() {
        #expect(Self.keras3LayerClasses.count == 163)
        for name in Self.keras3LayerClasses {
            let loads = LayerRegistry.isBuiltIn(name) || name == "InputLayer"
            let listed = KerasLayerCoverage.missing[name] != nil
            #expect(loads != listed, "\(name): loads \(loads), listed as missing \(listed)")
        }
        // Nothing listed that Keras 3.15.1 does not have (`GroupQueryAttention` is exported for
        // the class `GroupedQueryAttention`, the name its configs carry).
        for name in KerasLayerCoverage.missing.keys where name != "GroupedQueryAttention" {
            #expect(Self.keras3LayerClasses.contains(name), "\(name)")
        }
    }

    @Test func aConfigNamingAMissingClassSaysWhy() throws {
        let json = try JSONValue.parse(Data(#"{"module": "keras.layers", "class_name": "LeakyReLU", "config": {"name": "leaky", "negative_slope": 0.3}, "registered_name": null}"#.utf8), source: "t")
        do {
            _ = try LayerRegistry.layer(from: json)
            Issue.record("LeakyReLU loaded")
        } catch let error as KerasError {
            #expect(error.message.contains("LeakyReLU is a Keras 3 layer class") && error.message.contains("not a SwiftKeras layer yet"), "\(error.message)")
        }
        // A class registered under that name loads instead.
        LayerRegistry.register("LeakyReLU") { config in Identity(name: try config.string("name")) }
        defer { LayerRegistry.unregister("LeakyReLU") }
        #expect(try LayerRegistry.layer(from: json).name == "leaky")
    }

    @Test func keras2TimeMajorRecurrentConfigsAreRefused() {
        for className in ["LSTM", "GRU", "SimpleRNN"] {
            do {
                _ = try LayerRegistry.layer(className: className, config: ["name": .string("tm"), "units": .number(2), "time_major": .bool(true)])
                Issue.record("\(className) with time_major loaded")
            } catch let error as KerasError {
                #expect(error.message.contains("tm") && error.message.contains("`time_major=true`"), "\(error.message)")
            } catch { Issue.record("\(error)") }
        }
        #expect(throws: Never.self) { _ = try LayerRegistry.layer(className: "LSTM", config: ["units": .number(2), "time_major": .bool(false)]) }
    }
}
