import Foundation
import Testing
import Keras
@testable import KerasCore
@testable import KerasVisualization

@Suite("plotModel")
struct PlotModelTests {
    /// Input → dense_a, dense_b → concatenate → out.
    func branchingModel() throws -> Model {
        let x = Input(shape: [8], name: "features")
        let a = try Dense(4, name: "dense_a")(x)
        let b = try Dense(3, name: "dense_b")(x)
        let merged = try Concatenate(name: "merge")([a, b])
        return try Model(inputs: x, outputs: Dense(2, name: "out")(merged), name: "branching")
    }

    /// The DOT id of each layer name, read from the node lines.
    func ids(_ dot: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in dot.split(separator: "\n") where line.contains("[label=") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            let label = parts[1].dropFirst("[label=\"".count)
            result[String(label.prefix { $0 != ":" })] = String(parts[0])
        }
        return result
    }

    @Test func oneNodePerLayerAndAnEdgePerConnection() throws {
        let dot = try modelToDot(branchingModel())
        #expect(dot.hasPrefix("digraph \"branching\" {"))
        #expect(dot.contains("rankdir=TB"))
        let id = ids(dot)
        #expect(Set(id.keys) == ["features", "dense_a", "dense_b", "merge", "out"])
        #expect(dot.contains("[label=\"dense_a: Dense\"]"))
        #expect(dot.contains("[label=\"merge: Concatenate\"]"))
        let edges = [("features", "dense_a"), ("features", "dense_b"), ("dense_a", "merge"), ("dense_b", "merge"), ("merge", "out")]
        for (from, to) in edges { #expect(dot.contains("\(id[from]!) -> \(id[to]!);"), "\(from) -> \(to)") }
        #expect(dot.components(separatedBy: " -> ").count - 1 == edges.count)
    }

    @Test func showShapesAddsInputAndOutputShapes() throws {
        let dot = try modelToDot(branchingModel(), showShapes: true, showLayerNames: false, rankdir: "LR")
        #expect(dot.contains("rankdir=LR"))
        #expect(dot.contains("[label=\"Concatenate|{input:|output:}|{{[(None, 4), (None, 3)]}|{(None, 7)}}\"]"))
        #expect(dot.contains("[label=\"Dense|{input:|output:}|{{(None, 7)}|{(None, 2)}}\"]"))
        #expect(dot.contains("[label=\"InputLayer|{input:|output:}|{{(None, 8)}|{(None, 8)}}\"]"))
        #expect(!dot.contains("dense_a"))
    }

    @Test func sequentialModelIsAChain() throws {
        let model = try Sequential([InputLayer(batchShape: [nil, 784]), Dense(512, activation: .relu, name: "hidden"),
                                    Dense(10, activation: .softmax, name: "probabilities")], name: "mlp")
        let dot = try modelToDot(model, showShapes: true)
        #expect(dot.contains("hidden: Dense|{input:|output:}|{{(None, 784)}|{(None, 512)}}"))
        #expect(dot.contains("probabilities: Dense|{input:|output:}|{{(None, 512)}|{(None, 10)}}"))
        #expect(dot.components(separatedBy: " -> ").count - 1 == 2)
    }

    @Test func badRankdirIsRejected() throws {
        #expect(DatasetTestFiles.errorMessage { _ = try modelToDot(branchingModel(), rankdir: "XY") }.contains("`rankdir` must be"))
    }

    @Test func dotFileHoldsTheDotText() throws {
        let path = try DatasetTestFiles.directory() + "/model.dot"
        try plotModel(branchingModel(), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("-> "))
    }

    @Test(.enabled(if: ExternalTool.find("dot") != nil, "needs Graphviz's dot"))
    func pngIsRenderedByDot() throws {
        let path = try DatasetTestFiles.directory() + "/model.png"
        try plotModel(branchingModel(), to: path, showShapes: true)
        let bytes = try DatasetTestFiles.rawBytes(path)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }
}
