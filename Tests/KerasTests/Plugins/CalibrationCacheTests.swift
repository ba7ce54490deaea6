import Foundation
import Synchronization
import Testing
import Keras
@testable import KerasCore
import KerasKernelTypes

/// The calibration cache of `auto`: a round trip, what invalidates it (plugin file, CPU,
/// threads, format), a corrupt or half-written file, and processes that calibrate at once.
/// Every test uses a temporary `$SWIFTKERAS_HOME`.
@Suite struct CalibrationCacheTests {
    static let cpu = "processor\t: 0\nmodel name\t: Test CPU 9000\nflags\t\t: fpu sse2 avx2\n"

    @Test func cachedRoutesRoundTrip() throws {
        guard let members = RoutingFixtures.members() else { return }
        let home = try RoutingFixtures.temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let planned = RoutingFixtures.priorityRouting(members)
        let key = CalibrationKey.current(members, threads: 2, cpuInfo: Self.cpu)
        let cache = CalibrationCache(home: home)
        try cache.write(CalibrationCache.Contents(key: key, seconds: 0.25, decisions: planned.decisions))

        guard case .hit(let contents) = cache.read(expecting: key) else {
            Issue.record("the cache just written should be read back")
            return
        }
        #expect(contents.decisions == planned.decisions)
        #expect(contents.seconds == 0.25)
        let restored = RoutingBackend(members: members, counters: UsageCounters())
        #expect(AutoRouting.apply(contents.decisions, to: restored))
        #expect(restored.table == planned.table)

        // Through the entry point: the cached routes are used, nothing is measured.
        let auto = AutoRouting.backend(over: members, mode: .measure, home: home, threads: 2, samples: 1)
        // (the key there is the real CPU's, so this home's cache is for another machine)
        #expect(auto.origin.hasPrefix("measured"))
        let again = AutoRouting.backend(over: members, mode: .measure, home: home, threads: 2)
        #expect(again.origin.hasPrefix("cached in \(cache.path)"))
        #expect(again.table == auto.table)
    }

    @Test func keyNamesWhatChanged() throws {
        guard let members = RoutingFixtures.members() else { return }
        let key = CalibrationKey.current(members, threads: 2, cpuInfo: Self.cpu)
        #expect(key.cpu == "Test CPU 9000")
        #expect(key.plugins.map(\.backend) == ["onednn", "openblas"])
        #expect(key.plugins.allSatisfy { $0.size > 0 && $0.modified > 0 && $0.abi == "\(ABIVersion.host)" })

        let fewerThreads = CalibrationKey.current(members, threads: 1, cpuInfo: Self.cpu)
        #expect(fewerThreads != key)
        #expect(fewerThreads.difference(from: key) == "the thread count changed (2 → 1)")
        let otherFlags = CalibrationKey.current(members, threads: 2, cpuInfo: Self.cpu.replacingOccurrences(of: "avx2", with: "avx512f"))
        #expect(otherFlags.cpuFlags != key.cpuFlags)
        #expect(otherFlags.difference(from: key) == "the CPU changed (Test CPU 9000 → Test CPU 9000)")
        var otherFormat = key
        otherFormat.format += 1
        #expect(key.difference(from: otherFormat).hasPrefix("cache format"))
        let onlyOne = CalibrationKey.current([members[1]], threads: 2, cpuInfo: Self.cpu)
        #expect(onlyOne.difference(from: key) == "the plugin backends changed (onednn, openblas → openblas)")
    }

    @Test func touchingAPluginFileInvalidatesTheCache() throws {
        guard let members = RoutingFixtures.members() else { return }
        let home = try RoutingFixtures.temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        // A member whose plugin file is a copy we may touch (the loaded library is not the copy).
        let copy = (home as NSString).appendingPathComponent("libKerasOpenBLAS-copy.so")
        try FileManager.default.copyItem(atPath: members[1].plugin.path, toPath: copy)
        let original = members[1].plugin
        let info = PluginInfo(path: copy, origin: original.origin, name: original.name, version: original.version,
                              abiVersion: original.abiVersion, attributes: [], backendName: original.backendName,
                              backendPriority: original.backendPriority)
        let touched = [members[0], PluginBackend(plugin: info, table: members[1].table, fallback: .error, counters: UsageCounters())]
        let key = CalibrationKey.current(touched, threads: 2, cpuInfo: Self.cpu)
        let cache = CalibrationCache(home: home)
        try cache.write(CalibrationCache.Contents(key: key, seconds: 0.1, decisions: RoutingFixtures.priorityRouting(touched).decisions))
        if case .hit = cache.read(expecting: key) {} else { Issue.record("expected a hit before the file changes") }

        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, copy, &times, 0) == 0)
        let now = CalibrationKey.current(touched, threads: 2, cpuInfo: Self.cpu)
        guard case .unusable(let reason) = cache.read(expecting: now) else {
            Issue.record("a changed plugin file must invalidate the cache")
            return
        }
        #expect(reason == "it was measured for another setup: the plugin file \(copy) changed")
    }

    @Test func corruptOrHalfWrittenCacheIsMeasuredAgain() throws {
        guard let members = RoutingFixtures.members() else { return }
        let home = try RoutingFixtures.temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let cache = CalibrationCache(home: home)
        let contents: [Data] = [
            Data("{\"key\": {\"format\": 1, \"plugins\": [".utf8),   // cut off while written (not atomically)
            Data([0x00, 0xFF, 0x13, 0x37]),                        // not text
            Data("{\"key\": 3, \"seconds\": 1, \"decisions\": []}".utf8),  // valid JSON, wrong shape
        ]
        for bad in contents {
            try bad.write(to: URL(fileURLWithPath: cache.path))
            guard case .unusable(let reason) = cache.read(expecting: CalibrationKey.current(members, threads: 2)) else {
                Issue.record("a corrupt cache must be unusable")
                continue
            }
            #expect(reason.hasPrefix("not a valid calibration file"))
            let auto = AutoRouting.backend(over: members, mode: .measure, home: home, threads: 2, samples: 1)
            #expect(auto.origin.hasPrefix("measured"), "\(auto.origin)")
            #expect(auto.decisions.contains { $0.reason == .measured })
            if case .hit = cache.read(expecting: CalibrationKey.current(members, threads: 2)) {} else {
                Issue.record("the measured routes should have replaced the corrupt cache")
            }
        }
    }

    @Test func priorityModeReadsAndWritesNoCache() throws {
        guard let members = RoutingFixtures.members() else { return }
        let home = try RoutingFixtures.temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let auto = AutoRouting.backend(over: members, mode: .priority, home: home, threads: 2)
        #expect(auto.origin.hasPrefix("priority order"))
        #expect(!FileManager.default.fileExists(atPath: CalibrationCache(home: home).path))
        #expect(auto.table == RoutingFixtures.priorityRouting(members).table)
    }

    @Test func processesStartingTogetherLeaveOneValidCache() throws {
        guard let swiftkeras = CLIProcess.debugExecutable, RoutingFixtures.members() != nil else { return }
        let home = try RoutingFixtures.temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let environment = ["SWIFTKERAS_HOME": home, "SWIFTKERAS_BACKEND": "", "SWIFTKERAS_AUTO_ROUTING": "",
                           "SWIFTKERAS_PLUGIN_PATH": "", "SWIFTKERAS_NUM_THREADS": "1"]
        let outcomes = Mutex<[CLIProcess.Outcome?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let outcome = try? CLIProcess.run(swiftkeras, ["info"], environment: environment)
            outcomes.withLock { $0[i] = outcome }
        }
        for outcome in outcomes.withLock({ $0 }) {
            let outcome = try #require(outcome)
            #expect(outcome.status == 0 && !outcome.crashed, "\(outcome.standardError)")
            #expect(outcome.standardOutput.contains("auto (in use): each kernel on the fastest of onednn, openblas; routes "))
        }
        let data = try #require(FileManager.default.contents(atPath: CalibrationCache(home: home).path))
        let written = try JSONDecoder().decode(CalibrationCache.Contents.self, from: data)
        #expect(written.key.threads == 1 && written.key.plugins.map(\.backend) == ["onednn", "openblas"])
        #expect(written.decisions.contains { $0.reason == .measured })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")

        let third = try CLIProcess.run(swiftkeras, ["info"], environment: environment)
        #expect(third.standardOutput.contains("routes cached in \(CalibrationCache(home: home).path)"))
    }
}
