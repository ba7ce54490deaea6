import KerasCore

/// An optimizer's variables in the order Keras 3 saves them under `optimizer/vars` of a
/// `.keras` archive: the step counter, the learning rate, then the slots, built as Keras's
/// `add_optimizer_variables` builds them (each group of slot names interleaved per trainable
/// variable, the groups one after another).
enum OptimizerVariables {
    /// Slot groups in Keras's build order, with their initial value.
    static func groups(_ optimizer: Optimizer) -> [(names: [String], initial: Double)] {
        switch optimizer {
        case let sgd as SGD: return sgd.momentum != 0 ? [(["momentum"], 0)] : []
        case let rms as RMSprop:
            return [(["velocity"], 0)] + (rms.momentum > 0 ? [(["momentum"], 0)] : [])
                + (rms.centered ? [(["average_gradient"], 0)] : [])
        case let adam as Adam:
            return [(["momentum", "velocity"], 0)] + (adam.amsgrad ? [(["velocity_hat"], 0)] : [])
        case let adagrad as Adagrad: return [(["accumulator"], adagrad.initialAccumulatorValue)]
        case is Adadelta: return [(["accumulated_grad", "accumulated_delta_var"], 0)]
        case is Adamax: return [(["m", "norm"], 0)]
        case is Nadam: return [(["momentum", "velocity"], 0)]
        default: return []
        }
    }

    /// The values to save: nothing but the counter and the rate before the first step (as
    /// Keras saves an optimizer that is not built yet), every slot after, then Nadam's momentum
    /// product (`_u_product`, the last of Keras's Nadam variables).
    static func values(_ optimizer: Optimizer, trainable: [Variable]) -> [Tensor] {
        var values = [Tensor(Int64(optimizer.iterations)), Tensor(Float(optimizer.currentLearningRate))]
        guard optimizer.iterations > 0 || !optimizer.slotTable.isEmpty else { return values }
        for group in groups(optimizer) {
            for variable in trainable {
                for name in group.names {
                    values.append(optimizer.slot(name, for: variable, initialValue: group.initial).numpy)
                }
            }
        }
        if let nadam = optimizer as? Nadam { values.append(Tensor(nadam.uProduct)) }
        return values
    }

    /// The assignments that restore `values` (read from `source`) into `optimizer`'s counter
    /// and slots; throws naming `source` when the count or a shape does not fit.
    static func restore(_ optimizer: Optimizer, trainable: [Variable], values: [Tensor], source: String) throws -> () -> Void {
        guard values.count >= 2, values[0].count == 1 else {
            throw KerasError(.shapeMismatch, "\(source): expected the step counter and the learning rate, found \(values.count) variables")
        }
        let iterations = Int(values[0].item)
        if values.count == 2 {
            return { optimizer.iterations = iterations; optimizer.didRestoreState() }
        }
        let slotCount = groups(optimizer).reduce(0) { $0 + $1.names.count } * trainable.count
        // Keras's Nadam keeps its momentum product after the slots (restored when present,
        // else derived from the counter).
        let extra = optimizer is Nadam ? values.count - 2 - slotCount : 0
        guard values.count - 2 - extra == slotCount, extra == 0 || extra == 1 else {
            throw KerasError(.shapeMismatch, "\(source): \(CompileConfig.className(of: optimizer)) expects \(2 + slotCount) variables for \(trainable.count) trainable weights, found \(values.count)")
        }
        var assignments: [(Variable, Tensor)] = []
        var index = 2
        for group in groups(optimizer) {
            for variable in trainable {
                for name in group.names {
                    let value = values[index]
                    guard value.shape == variable.shape else {
                        throw KerasError(.shapeMismatch, "\(source): variable \(index) (\(name) of \(variable.name)) expected shape \(ShapeFormat.tuple(variable.shape)), found \(ShapeFormat.tuple(value.shape))")
                    }
                    let slot = optimizer.slot(name, for: variable, initialValue: group.initial)
                    assignments.append((slot, value.dtype == slot.dtype ? value : K.cast(value, slot.dtype)))
                    index += 1
                }
            }
        }
        var uProduct: Float?
        if extra == 1 {
            let value = values[index]
            guard value.count == 1, value.dtype.isFloatingPoint, value.item.isFinite else {
                throw KerasError(.shapeMismatch, "\(source): variable \(index) (Nadam's momentum product) expected a finite float scalar, found \(value.dtype) of shape \(ShapeFormat.tuple(value.shape))")
            }
            uProduct = Float(value.item)
        }
        return {
            for (slot, value) in assignments { slot.assign(value) }
            optimizer.iterations = iterations
            optimizer.didRestoreState()
            if let uProduct, let nadam = optimizer as? Nadam { nadam.uProduct = uProduct }
        }
    }
}
