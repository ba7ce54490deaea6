/// Fused, in-place optimizer updates: one pass over the elements of a variable, its slots and
/// its gradient, writing into the variables' own buffers when nothing else holds them (a
/// shared buffer — a weight snapshot, a tensor still in use — is copied first, so no other
/// tensor ever sees the change). Each element goes through the same float operations, in the
/// same order and precision, as the `K` formulation, so results are bit-identical to it.
enum InPlaceUpdate {
    /// Whether the fused path applies: a float32 or float64 variable with a gradient of its
    /// shape and dtype (the variable's dtype), else nil.
    static func fusableType(_ w: Variable, _ g: Tensor, _ optimizer: Optimizer) -> DType? {
        guard optimizer.usesFusedUpdates, g.shape == w.shape, g.dtype == w.dtype, w.dtype == .float32 || w.dtype == .float64 else { return nil }
        return w.dtype
    }

    /// Calls `body` with the element count and mutable pointers to `variables`' elements
    /// (made unique first) and a pointer to `gradient`'s.
    static func run<T: TensorScalar & BinaryFloatingPoint>(
        _ type: T.Type, _ variables: [Variable], gradient: Tensor,
        _ body: (_ count: Int, _ pointers: [UnsafeMutablePointer<T>], _ g: UnsafePointer<T>) -> Void
    ) {
        let count = gradient.count
        guard count > 0 else { return }
        func nest(_ index: Int, _ pointers: [UnsafeMutablePointer<T>]) {
            if index == variables.count {
                gradient.withUnsafeBufferPointer(as: T.self) { g in body(count, pointers, g.baseAddress!) }
                return
            }
            variables[index].update { tensor in
                tensor.withUnsafeMutableBufferPointer(as: T.self) { nest(index + 1, pointers + [$0.baseAddress!]) }
            }
        }
        nest(0, [])
    }

    /// `max(x, 0).squareRoot()`, as `K.sqrt` clips before the root.
    @inline(__always)
    static func clippedRoot<T: BinaryFloatingPoint>(_ x: T) -> T { (x < 0 ? 0 : x).squareRoot() }
}

extension SGD {
    /// `w ← w − g·lr`, or with momentum `m ← m·μ − g·lr` and `w ← w + m` (Nesterov:
    /// `w ← (w + m·μ) − g·lr`), in place.
    func fusedUpdate<T: TensorScalar & BinaryFloatingPoint>(_: T.Type, _ g: Tensor, _ w: Variable, _ rate: Double) {
        let lr = T(rate), mu = T(momentum), nesterov = self.nesterov
        guard momentum != 0 else {
            InPlaceUpdate.run(T.self, [w], gradient: g) { n, p, g in
                let w = p[0]
                for i in 0..<n { w[i] = w[i] - g[i] * lr }
            }
            return
        }
        InPlaceUpdate.run(T.self, [w, slot("momentum", for: w)], gradient: g) { n, p, g in
            let w = p[0], m = p[1]
            for i in 0..<n {
                let step = g[i] * lr
                let newM = m[i] * mu - step
                m[i] = newM
                w[i] = nesterov ? (w[i] + newM * mu) - step : w[i] + newM
            }
        }
    }
}

extension RMSprop {
    /// The RMSprop update (centered and momentum variants) in place.
    func fusedUpdate<T: TensorScalar & BinaryFloatingPoint>(_: T.Type, _ g: Tensor, _ w: Variable, _ rate: Double) {
        let lr = T(rate), rho = T(self.rho), oneMinusRho = T(1 - self.rho), eps = T(epsilon), mu = T(momentum)
        var variables = [w, slot("velocity", for: w)]
        if centered { variables.append(slot("average_gradient", for: w)) }
        if momentum > 0 { variables.append(slot("momentum", for: w)) }
        let centered = self.centered, useMomentum = momentum > 0
        InPlaceUpdate.run(T.self, variables, gradient: g) { n, p, g in
            let w = p[0], v = p[1]
            let a = centered ? p[2] : p[1]
            let m = useMomentum ? p[p.count - 1] : p[1]
            for i in 0..<n {
                let gi = g[i]
                let newV = v[i] * rho + (gi * gi) * oneMinusRho
                v[i] = newV
                var denominator = newV
                if centered {
                    let newA = a[i] * rho + gi * oneMinusRho
                    a[i] = newA
                    denominator = newV - newA * newA
                }
                let increment = (gi * lr) / InPlaceUpdate.clippedRoot(denominator + eps)
                if useMomentum {
                    let newM = m[i] * mu + increment
                    m[i] = newM
                    w[i] = w[i] - newM
                } else {
                    w[i] = w[i] - increment
                }
            }
        }
    }
}

extension Adam {
    /// The Adam / AMSGrad update in place; `correction` is `sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ)`.
    func fusedUpdate<T: TensorScalar & BinaryFloatingPoint>(_: T.Type, _ g: Tensor, _ w: Variable, _ rate: Double,
                                                            correction: Double) {
        let alpha = T(rate) * T(correction), eps = T(epsilon)
        let oneMinusBeta1 = T(1 - beta1), oneMinusBeta2 = T(1 - beta2), amsgrad = self.amsgrad
        var variables = [w, slot("momentum", for: w), slot("velocity", for: w)]
        if amsgrad { variables.append(slot("velocity_hat", for: w)) }
        InPlaceUpdate.run(T.self, variables, gradient: g) { n, p, g in
            let w = p[0], m = p[1], v = p[2]
            let vHat = amsgrad ? p[3] : p[2]
            for i in 0..<n {
                let gi = g[i]
                let newM = m[i] + (gi - m[i]) * oneMinusBeta1
                let newV = v[i] + (gi * gi - v[i]) * oneMinusBeta2
                m[i] = newM
                v[i] = newV
                var denominator = newV
                if amsgrad {
                    let h = vHat[i] < newV ? newV : vHat[i]
                    vHat[i] = h
                    denominator = h
                }
                w[i] = w[i] - (newM * alpha) / (InPlaceUpdate.clippedRoot(denominator) + eps)
            }
        }
    }
}
