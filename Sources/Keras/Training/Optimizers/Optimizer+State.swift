/// A copy of an optimizer's state — step counter and slot values — to go back to after a bad
/// step (``TerminateOnNaN`` restores it with the model's weights).
struct OptimizerState {
    let iterations: Int
    let slots: [ObjectIdentifier: [String: (Variable, Tensor)]]
}

extension Optimizer {
    /// The current state. Cheap: slot values are copy-on-write tensors.
    func saveState() -> OptimizerState {
        OptimizerState(iterations: iterations,
                       slots: slotTable.mapValues { $0.mapValues { ($0, $0.numpy) } })
    }

    /// Puts back a saved state: slot values and the step counter; slots created since are
    /// dropped (they are created again, freshly initialised, on the next step).
    func restoreState(_ state: OptimizerState) {
        var table: [ObjectIdentifier: [String: Variable]] = [:]
        for (key, slots) in state.slots {
            for (name, (variable, value)) in slots {
                variable.assign(value)
                table[key, default: [:]][name] = variable
            }
        }
        slotTable = table
        iterations = state.iterations
        didRestoreState()
    }
}
