#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the machine the process runs on.
public enum System {
    /// Online processor count.
    public static let coreCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// The machine's physical memory in bytes (a bound for allocations sized by file headers).
    public static let physicalMemory: Int = max(1, sysconf(Int32(_SC_PHYS_PAGES))) &* max(1, sysconf(Int32(_SC_PAGESIZE)))
}
