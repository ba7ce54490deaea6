// A program that needs only tensors, `K`, layers, models and training: it depends on the
// `KerasCore` product alone, so it links neither zlib nor HDF5 (docs/architecture.md, "Targets").
// `CoreLinkTests` checks its dynamic dependencies; run by hand it fits y = 2x − 1 with one Dense
// unit on the reference backend and prints the learned weights:
//
//     .build/debug/KerasCoreOnly        # kernel ≈ 2, bias ≈ -1
import KerasCore

let x = K.randomUniform([256, 1], minval: -1, maxval: 1, seed: 7)
let y = K.subtract(K.multiply(x, 2.0), 1.0)
let model = try Sequential([Dense(1, inputShape: [1])])
try model.compile(optimizer: Adam(learningRate: 0.1), loss: .meanSquaredError)
try model.fit(x, y, batchSize: 32, epochs: 60, verbose: 0)
let weights = model.getWeights()
print("kernel \(weights[0].doubles[0]) bias \(weights[1].doubles[0])")
