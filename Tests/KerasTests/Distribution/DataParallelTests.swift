import Foundation
import Testing
import Keras
@testable import KerasCore

/// Data-parallel training: two MPI processes against one, and the pieces it is made of.
@Suite("DataParallel")
struct DataParallelTests {
    @Test("two processes train to the weights of one (same global batch and seed)")
    func twoProcessesMatchOne() throws {
        guard let (program, mpirun) = MPIJob.prerequisites() else { return }
        let directory = try PluginFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let single = (directory as NSString).appendingPathComponent("single.json")
        let parallel = (directory as NSString).appendingPathComponent("parallel.json")

        let one = try MPIJob.run([program, single])
        #expect(one.status == 0, "one process: \(one.stderr)")
        let two = try MPIJob.run(MPIJob.launch(mpirun, ranks: 2) + [program, parallel])
        #expect(two.status == 0, "mpirun -np 2: \(two.stderr)")
        let a = try MPIJob.report(single), b = try MPIJob.report(parallel)
        #expect(a["ranks"] as? Int == 1)
        #expect(b["ranks"] as? Int == 2)

        // Weights after 3 epochs of SGD with momentum: equal up to float32 summation order.
        let wa = try #require(a["weights"] as? [Double]), wb = try #require(b["weights"] as? [Double])
        #expect(wa.count == 163 && wb.count == wa.count)
        for (u, v) in zip(wa, wb) { #expect(abs(u - v) <= 1e-5 * max(1, abs(u)), "weight \(u) vs \(v)") }

        // History: global loss and metrics, per epoch, as one process reports them.
        let ha = try #require(a["history"] as? [String: [Double]]), hb = try #require(b["history"] as? [String: [Double]])
        #expect(Set(ha.keys) == ["loss", "accuracy", "val_loss", "val_accuracy"])
        #expect(Set(hb.keys) == Set(ha.keys))
        for (key, values) in ha {
            let other = try #require(hb[key])
            #expect(values.count == 3 && other.count == 3)
            for (u, v) in zip(values, other) { #expect(abs(u - v) <= 1e-5, "\(key): \(u) vs \(v)") }
        }
        // Accuracy counts are exact integers over samples: identical.
        #expect(ha["accuracy"] == hb["accuracy"])

        // evaluate and predict sharded over the ranks and gathered.
        let ea = try #require(a["evaluate"] as? [String: Double]), eb = try #require(b["evaluate"] as? [String: Double])
        #expect(abs((ea["loss"] ?? 0) - (eb["loss"] ?? 1)) <= 1e-5)
        #expect(ea["accuracy"] == eb["accuracy"])
        let pa = try #require(a["predictions"] as? [Double]), pb = try #require(b["predictions"] as? [Double])
        #expect(pa.count == 109 * 3 && pb.count == pa.count)
        for (u, v) in zip(pa, pb) { #expect(abs(u - v) <= 1e-5) }

        // Bad input: refused before training, with the reason.
        let errors = try #require(b["errors"] as? [String])
        #expect(errors.count == 2)
        #expect(errors.first?.contains("`batchSize` 5 does not divide by the 2 ranks") == true, "\(errors)")
        #expect(errors.last?.contains("holds 1 samples, fewer than the 2 ranks") == true, "\(errors)")
        #expect((a["errors"] as? [String])?.allSatisfy { $0 == "accepted" } == true)

        // Dropout (one unseeded layer, one seeded): each sample's mask follows its place in the
        // global batch, so two ranks train to one process's weights; the last batch of each epoch
        // (1 sample) is all rank 1's, and the random streams stay together after it.
        let da = try #require(a["dropout_weights"] as? [Double]), db = try #require(b["dropout_weights"] as? [Double])
        #expect(da.count == 6 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3 && db.count == da.count)
        for (u, v) in zip(da, db) { #expect(abs(u - v) <= 1e-5 * max(1, abs(u)), "dropout model weight \(u) vs \(v)") }
        let dha = try #require(a["dropout_history"] as? [String: [Double]])
        let dhb = try #require(b["dropout_history"] as? [String: [Double]])
        #expect(dha["accuracy"] == dhb["accuracy"])
        for (u, v) in zip(dha["loss"] ?? [], dhb["loss"] ?? [.nan, .nan]) { #expect(abs(u - v) <= 1e-5, "dropout loss \(u) vs \(v)") }
        let drawA = try #require(a["next_draw"] as? Double), drawB = try #require(b["next_draw"] as? Double)
        #expect(drawA == drawB)

        // saveWeights and save on every rank: only rank 0 wrote, and what it wrote is the model.
        for (output, ranks) in [(single, 1), (parallel, 2)] {
            #expect(FileManager.default.fileExists(atPath: output + ".rank0.weights.h5"))
            #expect(FileManager.default.fileExists(atPath: output + ".rank0.keras"))
            if ranks == 2 {
                #expect(!FileManager.default.fileExists(atPath: output + ".rank1.weights.h5"))
                #expect(!FileManager.default.fileExists(atPath: output + ".rank1.keras"))
            }
        }
        let saved = try loadModel(parallel + ".rank0.keras", compile: false)
        let restored = saved.getWeights().flatMap(\.doubles)
        #expect(restored.count == db.count)
        for (u, v) in zip(restored, db) { #expect(abs(u - v) <= 1e-6 * max(1, abs(v))) }
    }

    @Test("setting DataParallel outside a launcher says how to launch")
    func outsideLauncher() throws {
        guard PluginFixtures.built("KerasMPI") != nil else { return }
        #expect {
            try Distribution.set(DataParallel())
        } throws: { error in
            let message = (error as? KerasError)?.message ?? ""
            return message.contains("not started by an MPI launcher") && message.contains("mpirun -np 2")
        }
        #expect(Distribution.current == nil)
        #expect(Distribution.isChief)
    }

    @Test("swiftkeras train --distribute data-parallel outside mpirun fails before loading data")
    func cliOutsideLauncher() throws {
        let cli = (PluginFixtures.directory as NSString).appendingPathComponent("swiftkeras")
        guard FileManager.default.isExecutableFile(atPath: cli), PluginFixtures.built("KerasMPI") != nil else {
            Issue.record("\(cli) is not built: run `swift build --build-tests` first")
            return
        }
        let result = try MPIJob.run([cli, "train", "--distribute", "data-parallel", "--epochs", "1"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not started by an MPI launcher"), "\(result.stderr)")
        #expect(result.stderr.contains("mpirun -np 2"))
    }

    @Test("the backward pass announces each variable's gradient once, equal to the final one")
    func gradientReadyCallback() throws {
        let w1 = Variable(Tensor([0.5, -1, 2, 0.25, 1.5, -0.75], shape: [2, 3], dtype: .float32))
        let w2 = Variable(Tensor([1, -2, 0.5], shape: [3, 1], dtype: .float32))
        let unused = Variable(Tensor([3], shape: [1], dtype: .float32))
        let x = Tensor([1, 2, -1, 0.5], shape: [2, 2], dtype: .float32)
        let tape = GradientTape()
        // w1 is used twice (its gradient adds up two paths), w2 once.
        let loss = try tape.record { K.sum(K.add(K.dot(K.tanh(K.dot(x, w1.value)), w2.value), K.sum(w1.value))) }
        var announced: [Int: [Double]] = [:]
        var order: [Int] = []
        let gradients = tape.gradient(loss, [w1, w2, unused], ready: { index, gradient in
            order.append(index)
            announced[index] = gradient.doubles
        })
        #expect(order.count == 2 && Set(order) == [0, 1])
        #expect(order == [1, 0])  // w2 (last layer) is final before w1
        #expect(announced[0] == gradients[0].doubles)
        #expect(announced[1] == gradients[1].doubles)
        #expect(announced[2] == nil)
        // The gradient adds both paths: sum(w1) is broadcast over the 2 rows of the (2, 1) output,
        // so it contributes 2 to every element, plus the dot path.
        let plain = GradientTape()
        let dotOnly = try plain.record { K.sum(K.dot(K.tanh(K.dot(x, w1.value)), w2.value)) }
        let expected = plain.gradient(dotOnly, [w1])[0].doubles.map { $0 + 2 }
        for (u, v) in zip(gradients[0].doubles, expected) { #expect(abs(u - v) < 1e-6) }
    }

    @Test("metric states add across ranks: the sum of two halves' states gives the whole's result")
    func metricStatesAdd() throws {
        let yTrue = Tensor([0, 1, 1, 0, 1, 0], shape: [6, 1], dtype: .float32)
        let yPred = Tensor([0.2, 0.9, 0.4, 0.6, 0.8, 0.1], shape: [6, 1], dtype: .float32)
        let makers: [() throws -> Metric] = [
            { Mean(name: "m") }, { Precision() }, { Recall() }, { try AUC(numThresholds: 20) },
        ]
        for make in makers {
            let whole = try make(), first = try make(), second = try make(), combined = try make()
            whole.updateState(yTrue: yTrue, yPred: yPred)
            first.updateState(yTrue: Rows.slice(yTrue, 0 ..< 3), yPred: Rows.slice(yPred, 0 ..< 3))
            second.updateState(yTrue: Rows.slice(yTrue, 3 ..< 6), yPred: Rows.slice(yPred, 3 ..< 6))
            let a = try #require(first.stateValues), b = try #require(second.stateValues)
            combined.stateValues = zip(a, b).map(+)
            #expect(abs(combined.result() - whole.result()) < 1e-12, "\(whole.name)")
            #expect(combined.stateValues == whole.stateValues)
        }
        #expect(MeanMetricWrapper(name: "w") { y, _ in y }.stateValues == [0, 0])
    }
}
