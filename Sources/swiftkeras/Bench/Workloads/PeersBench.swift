import ArgumentParser
import Foundation

/// `swiftkeras bench peers`: the workloads of the peer benchmark side by side with Keras, in one
/// run. Each SwiftKeras workload runs in a fresh process per backend (so peak RSS and start-up
/// are the workload's own) and, when a Python with Keras is found, each peer script runs too,
/// interleaved with ours so the machine's drift hits both alike. Prints a table of the figures,
/// the ratios and the targets; `--write` puts it in a Markdown file with the machine,
/// the versions and the command that produced it.
struct PeersBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "Run the peer workloads on SwiftKeras and on Keras (JAX, TensorFlow) in one run, and compare."
    )

    @Option(help: "Workloads, comma-separated: mlp, cnn, lstm, startup.")
    var workloads = "mlp,cnn,lstm,startup"

    @Option(help: "SwiftKeras backends, comma-separated (the first is the one compared with the peers).")
    var backends = "auto"

    @Option(help: "Keras backends of the peers, comma-separated: jax, tensorflow.")
    var peerBackends = "jax,tensorflow"

    @Option(help: "Python with Keras for the peer scripts (default: $SWIFTKERAS_PEER_PYTHON, then python3).")
    var python: String?

    @Option(help: "Directory of the peer scripts.")
    var peers = "Integration/bench/peers"

    @Option(help: "Directory holding the Fashion-MNIST IDX files.")
    var data: String?

    @Option(help: "Write the table, the machine and the command to this Markdown file.")
    var write: String?

    func run() throws {
        let workloadList = workloads.split(separator: ",").map(String.init)
        let backendList = backends.split(separator: ",").map(String.init)
        for workload in workloadList where !["mlp", "cnn", "lstm", "startup"].contains(workload) {
            throw ValidationError("--workloads: unknown workload '\(workload)'; expected mlp, cnn, lstm or startup")
        }
        let (pythonPath, pythonNote) = PeerPython.find(explicit: python)
        let peerList = pythonPath == nil ? [] : peerBackends.split(separator: ",").map(String.init)
        print("peers: \(pythonNote)")
        let executable = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]

        var ours: [String: [PeerRun]] = [:], theirs: [String: [PeerRun]] = [:]
        for workload in workloadList {
            for backend in backendList {
                let arguments = ["bench", workload, "--backend", backend] + (data.map { ["--data", $0] } ?? [])
                let run = PeerRun.run(runner: "swiftkeras/\(backend)", executable: executable, arguments: arguments)
                report(workload, run)
                ours[workload, default: []].append(run)
            }
            guard let pythonPath else { continue }
            for peer in peerList {
                let script = "\(peers)/keras_\(workload).py"
                var environment = ["KERAS_BACKEND": peer]
                if let data { environment["FMNIST_DIR"] = data }
                let run = PeerRun.run(runner: "keras/\(peer)", executable: pythonPath,
                                      arguments: [script, "--backend", peer], environment: environment)
                report(workload, run)
                theirs[workload, default: []].append(run)
            }
        }
        let table = PerformanceTable.markdown(ours: ours, peers: theirs, backends: backendList, peerBackends: peerList)
        print("\n" + table)
        if let write {
            let document = PerformanceReport.document(table: table, ours: ours, peers: theirs, pythonNote: pythonNote,
                                                      command: CommandLine.arguments.dropFirst().joined(separator: " "))
            try Data(document.utf8).write(to: URL(fileURLWithPath: write), options: .atomic)
            print("written to \(write)")
        }
    }

    private func report(_ workload: String, _ run: PeerRun) {
        if let failure = run.failure {
            print("\(workload) \(run.runner): FAILED — \(failure)")
        } else if let result = run.result,
                  let line = try? JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]) {
            print("\(workload) \(run.runner): \(String(decoding: line, as: UTF8.self))")
        }
    }
}
