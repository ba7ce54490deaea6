import Testing
import Keras
@testable import KerasCore

private final class Affine: Layer {
    let units: Int
    init(_ units: Int, name: String? = nil, inputShape: [Int?]? = nil) {
        self.units = units
        super.init(name: name, inputShape: inputShape)
    }
    override func build(inputShape: [Int?]) throws {
        addWeight(name: "kernel", shape: [inputShape.last!!, units], initializer: .zeros)
        addWeight(name: "bias", shape: [units], initializer: .zeros)
    }
    override func computeOutputShape(_ s: [Int?]) throws -> [Int?] { Array(s.dropLast()) + [units] }
}

private final class Sum: Layer {
    override func computeOutputShapes(_ s: [[Int?]]) throws -> [[Int?]] { [s[0]] }
}

/// `summary()` reproduces Keras 3's table and, with `style: .keras2`, Keras 2.3's `print_summary` layout.
@Suite struct SummaryTests {
    @Test func sequentialSummaryMatchesKerasLayout() throws {
        let model = try Sequential([Affine(32, name: "dense_1", inputShape: [16]), Affine(10, name: "dense_2")],
                                   name: "sequential_1")
        let expected = """
        Model: "sequential_1"
        _________________________________________________________________
        Layer (type)                 Output Shape              Param #   
        =================================================================
        dense_1 (Affine)             (None, 32)                544       
        _________________________________________________________________
        dense_2 (Affine)             (None, 10)                330       
        =================================================================
        Total params: 874
        Trainable params: 874
        Non-trainable params: 0
        _________________________________________________________________
        """
        #expect(model.summaryLines(style: .keras2).joined(separator: "\n") == expected)
    }

    @Test func multiInputSummaryHasConnectedTo() throws {
        let a = Input(shape: [4], name: "input_1"), b = Input(shape: [3], name: "input_2")
        let d = try Affine(3, name: "dense_1")(a)
        let sum = try Sum(name: "add_1")([d, b])
        let model = try Model(inputs: [a, b], outputs: sum, name: "m")
        let lines = model.summaryLines(style: .keras2)
        #expect(lines[2] == "Layer (type)                    Output Shape         Param #     Connected to                     ")
        #expect(lines.contains("dense_1 (Affine)                (None, 3)            15          input_1[0][0]                    "))
        #expect(lines.contains("add_1 (Sum)                     (None, 3)            0           dense_1[0][0]                    "))
        #expect(lines.contains("                                                                 input_2[0][0]                    "))
        #expect(lines.contains("Total params: 15"))
    }

    @Test func keras3SequentialTableAtEightyColumns() throws {
        // Keras 3 in an 80-column terminal (or no terminal): line length min(88, 80 - 4) = 76,
        // rich's column widths 33 / 24 / 15.
        let model = try Sequential([Dense(32, name: "dense", inputShape: [16]), Dense(10, name: "dense_1")],
                                   name: "sequential")
        let expected = """
        Model: "sequential"
        ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
        ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
        ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
        │ dense (Dense)                   │ (None, 32)             │           544 │
        ├─────────────────────────────────┼────────────────────────┼───────────────┤
        │ dense_1 (Dense)                 │ (None, 10)             │           330 │
        └─────────────────────────────────┴────────────────────────┴───────────────┘
         Total params: 874 (3.41 KB)
         Trainable params: 874 (3.41 KB)
         Non-trainable params: 0 (0.00 B)
        """
        #expect(model.summaryLines(lineLength: 76).joined(separator: "\n") == expected)
    }

    @Test func keras3FunctionalTableHasConnectedToAndFullClassNames() throws {
        let a = Input(shape: [4], name: "x"), b = Input(shape: [3], name: "y")
        let d = try Dense(3, name: "d1")(a)
        let sum = try Add(name: "add")([d, b])
        let up = try Conv2DTranspose(2, kernelSize: [2, 2], name: "up")(Reshape([1, 1, 3], name: "r")(sum))
        let model = try Model(inputs: [a, b], outputs: up, name: "m")
        let lines = model.summaryLines(lineLength: 76)
        // rich's widths at 76 columns: 21 / 19 / 12 / 19.
        #expect(lines[1] == "┏" + ["21", "19", "12", "19"].map { String(repeating: "━", count: Int($0)!) }.joined(separator: "┳") + "┓")
        #expect(lines[2] == "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃")
        #expect(lines.contains("│ add (Add)           │ (None, 3)         │          0 │ d1[0][0], y[0][0] │"))
        #expect(lines.contains("│ x (InputLayer)      │ (None, 4)         │          0 │ -                 │"))
        #expect(lines.contains { $0.hasPrefix("│ up                  │") })   // wrapped at the space, never cut
        #expect(lines.contains { $0.hasPrefix("│ (Conv2DTranspose)   │") })
        #expect(lines.last == " Non-trainable params: 0 (0.00 B)")
    }

    @Test func keras3FooterCountsOptimizerVariablesAfterAStep() throws {
        let model = try Sequential([Dense(1, inputDim: 2)])   // 3 params, 12 B
        try model.compile(optimizer: Adam(), loss: .meanSquaredError)
        #expect(!model.summaryLines().contains { $0.hasPrefix(" Optimizer params") })
        _ = try model.trainOnBatch(Tensor([[1, 2]]), Tensor([[1]]))
        let lines = model.summaryLines()
        // iterations (int64, 8 B) + learning_rate (4 B) + momentum and velocity (2 × 3 × 4 B).
        #expect(lines.contains(" Optimizer params: 8 (36.00 B)"))
        #expect(lines.contains(" Total params: 11 (48.00 B)"))
        #expect(Model.readableSize(92) == "92.00 B" && Model.readableSize(3496) == "3.41 KB")
        #expect(Model.readableSize(5 * 1024 * 1024) == "5.00 MB")
    }

    @Test func thousandsSeparators() {
        #expect(Model.grouped(1234567) == "1,234,567")
        #expect(Model.grouped(874) == "874")
    }
}
