import Testing
@testable import Keras

@Suite("Training on Fashion-MNIST")
struct FashionMNISTTrainingTests {
    @Test(.enabled(if: FashionMNISTTests.installed, "needs Debian's dataset-fashion-mnist"))
    func smallMLPOnA512SampleSubsetBeatsChance() throws {
        try ActiveBackend.withBackend(ReferenceBackend.shared) {
            K.setRandomSeed(7)
            let ((xTrain, yTrain), (xTest, yTest)) = try Datasets.fashionMNIST()
            let x = K.slice(xTrain, start: [0, 0, 0], size: [512, 28, 28]), y = K.slice(yTrain, start: [0], size: [512])
            let model = try Sequential([InputLayer(batchShape: [nil, 784]), Dense(64, activation: .relu),
                                        Dense(10, activation: .softmax)])
            try model.compile(optimizer: RMSprop(learningRate: 1e-3), loss: .categoricalCrossentropy(), metrics: ["accuracy"])
            let train = try ImageBatches(images: x, labels: y, batchSize: 64, sampleShape: [784], oneHotClasses: 10, shuffle: true)
            let history = try model.fit(train, epochs: 5, verbose: 0)
            let losses = try #require(history.history["loss"])
            #expect(losses.count == 5)
            #expect(losses.last! < losses.first!)
            let test = try ImageBatches(images: K.slice(xTest, start: [0, 0, 0], size: [1000, 28, 28]),
                                        labels: K.slice(yTest, start: [0], size: [1000]), batchSize: 500,
                                        sampleShape: [784], oneHotClasses: 10)
            let scores = try model.evaluate(test)
            // Ten balanced classes: chance is 0.1; 512 images and 5 epochs reach about 0.7.
            #expect(try #require(scores["accuracy"]) > 0.5)
        }
    }
}
