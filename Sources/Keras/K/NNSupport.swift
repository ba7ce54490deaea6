extension K {
    /// Unrecorded kernel arithmetic on the active backend (see ``KernelMath``).
    static var kernels: KernelMath { KernelMath(ActiveBackend.effective) }

    /// Traps unless `x` holds floats, naming `op`.
    static func requireFloat(_ x: Tensor, _ op: String, _ what: String = "x") {
        precondition(x.dtype.isFloatingPoint, "\(op): \(what) must be float32 or float64, received \(x.dtype)")
    }

    /// Traps unless `a` and `b` have the same dtype, naming `op`.
    static func requireSameDType(_ a: Tensor, _ b: Tensor, _ op: String, _ names: (String, String)) {
        precondition(a.dtype == b.dtype, "\(op): \(names.0) is \(a.dtype) but \(names.1) is \(b.dtype); cast one first")
    }
}
