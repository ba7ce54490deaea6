import ArgumentParser
import Keras

/// The two models of the Keras examples, as ../shared/bench/PEERS.md defines them.
enum ModelRecipe: String, ExpressibleByArgument, CaseIterable {
    case mlp, cnn

    /// `Input(784) → Dense(512, relu) → Dense(512, relu) → Dense(10, softmax)`, or the classic
    /// mnist_cnn on `(28, 28, 1)` (`(1, 28, 28)` when `image_data_format` is `channels_first`,
    /// which its convolution and pooling layers follow).
    func build(imageShape: [Int]) throws -> Sequential {
        let pixels = imageShape.reduce(1, *)
        switch self {
        case .mlp:
            return try Sequential([
                InputLayer(batchShape: [nil, pixels]),
                Dense(512, activation: .relu),
                Dense(512, activation: .relu),
                Dense(10, activation: .softmax),
            ], name: "mlp")
        case .cnn:
            return try Sequential([
                InputLayer(batchShape: [nil] + sampleShape(imageShape: imageShape).map { $0 }),
                Conv2D(32, kernelSize: [3, 3], activation: .relu),
                Conv2D(64, kernelSize: [3, 3], activation: .relu),
                MaxPooling2D(poolSize: [2, 2]),
                Dropout(0.25),
                Flatten(),
                Dense(128, activation: .relu),
                Dropout(0.5),
                Dense(10, activation: .softmax),
            ], name: "cnn")
        }
    }

    /// RMSprop(learning rate 1e-3) for the MLP, Adam with its defaults for the CNN.
    func defaultOptimizer() -> Optimizer {
        switch self {
        case .mlp: RMSprop(learningRate: 1e-3)
        case .cnn: Adam()
        }
    }

    /// One sample's shape in a batch: flat for the MLP; for the CNN, one channel after the
    /// image axes, or before them under `image_data_format` `channels_first`.
    func sampleShape(imageShape: [Int]) -> [Int] {
        switch self {
        case .mlp: [imageShape.reduce(1, *)]
        case .cnn: KerasConfig.imageDataFormat == .channelsFirst ? [1] + imageShape : imageShape + [1]
        }
    }
}
