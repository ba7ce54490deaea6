#if canImport(Glibc)
import Glibc
#endif
import KerasKernelTypes

/// Decides the routes of a ``RoutingBackend``: for every kernel, op and dtype, the candidates
/// are the members whose plugin provides the kernel and whose `supports` query claims the
/// dtype, plus, for a composite, its composition from the routed primitives. One candidate: it
/// is the route ("only provider"). Several: on float32, with ``measure``, each is timed on the
/// kernel's ``CalibrationCases`` for both ``WorkSize`` classes, in blocks per candidate (in
/// mirrored order), and the fastest
/// sample wins (a later one only when more than 5 % faster, so noise keeps the priority
/// order; more than 2× for a large element-wise kernel or reduction, see ``margin(_:_:)``);
/// otherwise the first in priority order (members, then the composition).
///
/// Kernels are decided in the kernel table's order, so a composite's composition is timed on
/// primitives already routed.
struct RoutePlanner {
    let members: [PluginBackend]
    /// Time the candidates (else decide by priority alone: the deterministic mode).
    let measure: Bool
    /// Samples per candidate (each one call), taken in two blocks of ⌈samples / 2⌉.
    var samples = 5

    /// Kernels decided elsewhere: the workspace size is asked by `recurrentTraining`'s owner,
    /// and the backward with a workspace follows `recurrentTraining`.
    static let unrouted: Set<BackendKernel> = [.recurrentWorkspaceSize, .recurrentBackwardWorkspace]

    /// Element-wise kernels and reductions: memory-bound, short calls between the products and
    /// convolutions of a step.
    static let memoryBound: Set<BackendKernel> = [.unary, .binary, .reduce, .activation, .activationBackward]

    /// How much faster than the first candidate within it (in priority order) the fastest must
    /// be to take the route. For a memory-bound kernel of the large class it is 2×: such a call
    /// on another plugin wakes that plugin's thread pool in the middle of a step, and its
    /// threads then spin against the highest-priority plugin's during the next convolution — a
    /// cost the calibration, timing each kernel alone, does not see. On the CNN workload, with
    /// the bias gradients, Dense's relu gradient and its forward on OpenBLAS and the rest on
    /// oneDNN, the step took 93 ms against 78 ms all on oneDNN, its convolutions 68 against
    /// 56 ms (profiles of one sitting, load 3.3 on 2 cores), where the calibration had OpenBLAS
    /// 1.2× faster on the bias gradient.
    ///
    /// Large convolutions take the same 2×: their case has batch 32, smaller than a training
    /// batch usually is, and the measurement of the plugin timed after OpenBLAS is bimodal —
    /// OpenBLAS's pool spins for up to ~0.1 s after its block, longer than a block of large
    /// convolutions lasts. Three fresh calibrations of one build, minutes apart (load ≈ 2), timed
    /// oneDNN's large kernel gradient at 3.17, 7.11 and 7.32 ms against OpenBLAS's 5.3–5.4 ms,
    /// and the CNN step on `auto` took 59, 99 and 96 ms accordingly (oneDNN alone: 59 ms).
    static func margin(_ kernel: BackendKernel, _ size: WorkSize) -> Double {
        size == .large && (memoryBound.contains(kernel) || convolutions.contains(kernel)) ? 2 : 1.05
    }

    /// The convolution kernels (forward, fused forward, both gradients).
    static let convolutions: Set<BackendKernel> = [
        .convolution, .convolutionActivation, .convolutionBackwardInput, .convolutionBackwardKernel,
    ]

    /// For expensive composites whose cost is the product or convolution, one op is timed and
    /// the others with the same candidates follow it.
    static func representative(_ kernel: BackendKernel) -> Int32? {
        switch kernel {
        case .linearActivation, .convolutionActivation: ActivationOp.relu.rawValue
        default: nil
        }
    }

    /// Plans the routes on `backend` (whose table it fills as it goes), returning the decisions.
    func plan(on backend: RoutingBackend) -> [RouteDecision] {
        let claims = members.map(Claims.init)
        var decisions: [RouteDecision] = []
        for kernel in BackendKernel.allCases where !Self.unrouted.contains(kernel) {
            let ops: [Int32] = kernel.ops.isEmpty ? [0] : kernel.ops.map(\.code)
            let opCode: (Int32) -> Int32? = { kernel.ops.isEmpty ? nil : $0 }
            var representativeChoice: [WorkSize: (route: UInt8, times: [String: Double], candidates: [UInt8])] = [:]
            if let rep = Self.representative(kernel), measure {
                let candidates = self.candidates(kernel, rep, .float32, claims)
                if candidates.count > 1 {
                    for size in WorkSize.allCases {
                        let candidates = size == .small ? candidates : candidates.filter { $0 != RouteTable.reference }
                        if let (route, times) = timed(kernel, rep, size, candidates, on: backend) {
                            representativeChoice[size] = (route, times, candidates)
                        }
                    }
                }
            }
            for op in ops {
                for dtype in DType.allCases {
                    let candidates = self.candidates(kernel, op, dtype, claims)
                    // Nothing claims it: worth a line only for a float dtype of a kernel some plugin has.
                    if candidates.isEmpty && !(dtype.isFloatingPoint && members.contains { $0.provides(kernel) }) { continue }
                    for size in WorkSize.allCases {
                        // The reference backend only ever wins where per-call overhead dominates.
                        let candidates = size == .small ? candidates : candidates.filter { $0 != RouteTable.reference }
                        let decision: (UInt8, RouteDecision.Reason, [String: Double])
                        if candidates.isEmpty {
                            decision = (kernel.isComposite ? RouteTable.composed : 0, .declined, [:])
                        } else if candidates.count == 1 {
                            decision = (candidates[0], .onlyProvider, [:])
                        } else if measure, dtype == .float32, let choice = representativeChoice[size], choice.candidates == candidates {
                            decision = (choice.route, .measured, choice.times)
                        } else if measure, dtype == .float32, Self.representative(kernel) == nil,
                                  let (route, times) = timed(kernel, op, size, candidates, on: backend) {
                            decision = (route, .measured, times)
                        } else {
                            // Not measured: the first plugin; "only provider" when no other plugin claims it.
                            let plugins = candidates.filter { $0 < RouteTable.reference }.count
                            decision = (candidates[0], plugins == 1 ? .onlyProvider : .priority, [:])
                        }
                        backend.table.set(kernel, op, dtype, size, decision.0)
                        decisions.append(RouteDecision(kernel: kernel.opName(opCode(op)), dtype: dtype, size: size,
                                                       target: name(decision.0), reason: decision.1, times: decision.2))
                    }
                }
            }
        }
        return decisions
    }

    /// Members claiming (kernel, op, dtype) in priority order, then the composition for a
    /// composite or the reference backend for a primitive (it runs every primitive, and a tiny
    /// call can be faster there than through a library's per-call overhead).
    private func candidates(_ kernel: BackendKernel, _ op: Int32, _ dtype: DType, _ claims: [Claims]) -> [UInt8] {
        var result = claims.indices.filter { claims[$0].claims(kernel, op, dtype) }.map { UInt8($0) }
        if !result.isEmpty { result.append(kernel.isComposite ? RouteTable.composed : RouteTable.reference) }
        return result
    }

    private func name(_ route: UInt8) -> String {
        switch route {
        case RouteTable.composed: "composed"
        case RouteTable.reference: BackendName.reference
        default: members[Int(route)].name
        }
    }

    /// Times each candidate on the kernel's case; `nil` without a case.
    private func timed(_ kernel: BackendKernel, _ op: Int32, _ size: WorkSize, _ candidates: [UInt8],
                       on backend: RoutingBackend) -> (UInt8, [String: Double])? {
        guard let run = CalibrationCases.make(kernel, op: op, size: size) else { return nil }
        // Each candidate is timed in blocks of its own (a warm-up call, then the samples), not
        // interleaved with the others: a plugin's thread pool still spinning after its call
        // (OpenMP's, OpenBLAS's for up to ~0.1 s) slows the next plugin's call, which a run of
        // one kernel on one backend — what a layer does step after step — does not pay.
        // Interleaved, oneDNN's convolution gradients measured 1.6–1.7× their own time and lost
        // to OpenBLAS. The blocks go in mirrored order (first to last, then last to first), so
        // that every candidate has a block that follows its own (and the previous kernel's last
        // block was the first candidate's): in one forward order the first candidate always
        // followed the previous kernel's last plugin, still spinning, and oneDNN's 64 Ki-element
        // relu gradient measured 36 µs against 8 µs alone.
        var times = [[Double]](repeating: [], count: candidates.count)
        let perBlock = (samples + 1) / 2
        for i in candidates.indices + candidates.indices.reversed() {
            backend.table.set(kernel, op, .float32, size, candidates[i])
            var rounds = perBlock
            for round in 0...perBlock where round <= rounds {
                let start = Self.now()
                run(backend)
                let elapsed = Self.now() - start
                if round == 0 {
                    // The first call warms caches and primitive setup; a slow kernel gets fewer samples.
                    if elapsed > 0.02 { rounds = min(rounds, 1) }
                } else {
                    times[i].append(elapsed)
                }
            }
        }
        // The fastest sample: load from other processes only ever adds time.
        let typical = times.map { $0.min()! }
        let fastest = typical.min()!
        let chosen = typical.firstIndex { $0 <= fastest * Self.margin(kernel, size) }!
        var byName: [String: Double] = [:]
        for (i, route) in candidates.enumerated() { byName[name(route)] = typical[i] }
        return (candidates[chosen], byName)
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// What one member's plugin claims, from its coverage report.
    struct Claims {
        private var claimed: Set<Int> = []

        init(_ member: PluginBackend) {
            for entry in member.coverage() where entry.provided {
                let op = entry.op ?? 0
                for dtype in entry.nativeDTypes { claimed.insert(RouteTable.index(entry.kernel, op, dtype, .small)) }
            }
        }

        func claims(_ kernel: BackendKernel, _ op: Int32, _ dtype: DType) -> Bool {
            claimed.contains(RouteTable.index(kernel, op, dtype, .small))
        }
    }
}
