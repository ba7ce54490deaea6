import Keras

/// Small models and data shared by the training tests.
enum TrainingFixtures {
    /// `Dense(1)` on 2 features with kernel and bias set to ones, compiled with MSE.
    static func linearModel(optimizer: Optimizer = SGD(learningRate: 0.1), metrics: [MetricSpec] = []) throws -> Model {
        let model = try Sequential([Dense(1, kernelInitializer: .ones, biasInitializer: .ones, inputDim: 2)])
        try model.compile(optimizer: optimizer, loss: .meanSquaredError, metrics: metrics)
        return model
    }

    /// 8 samples of `y = x₀ − 2x₁ + 0.5`.
    static let x = Tensor([[0, 1], [1, 0], [1, 1], [2, 1], [0, 2], [3, 1], [1, 3], [2, 2]])
    static let y = Tensor([[-1.5], [1.5], [-0.5], [0.5], [-3.5], [1.5], [-4.5], [-1.5]])

    /// Every weight of `model` as flat doubles.
    static func flatWeights(_ model: Model) -> [Double] { model.getWeights().flatMap(\.doubles) }
}
