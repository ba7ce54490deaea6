import KerasPluginKit

/// The Lambda seed's `antirectifier`: the sample-wise centred, L2-normalised input, then its
/// positive and negative parts side by side: `(batch, n)` → `(batch, 2n)`.
let antirectifier: @convention(c) (TensorArgument, FunctionOutputs) -> FunctionStatus = { x, outputs in
    LambdaFunction.run(outputs) {
        let input = try HostTensor(argument: x)
        let centred = try input - K.mean(input, axis: 1, keepDims: true)
        let normalised = try K.l2Normalize(centred, axis: 1)
        return [try K.concatenate([K.relu(normalised), K.relu(-normalised)], axis: 1)]
    }
}

/// The antirectifier's output shape: the last axis doubled (2-D inputs only).
let antirectifierShape: LambdaFunction.ShapeRule = { shapes, _ in
    guard shapes.count == 1, shapes[0].rank == 2 else {
        throw KernelError.invalidArgument("antirectifier takes one 2-D tensor, received \(shapes)")
    }
    return [TensorShape([shapes[0][0], shapes[0][1].map { 2 * $0 }], dtype: shapes[0].dtype)]
}

/// YOLOv2's `space_to_depth_x2` (TensorFlow's `space_to_depth`, block size 2): each 2×2 block of
/// pixels becomes one pixel with 4× the channels, `(b, h, w, c)` → `(b, h/2, w/2, 4c)`.
let spaceToDepthX2: @convention(c) (TensorArgument, FunctionOutputs) -> FunctionStatus = { x, outputs in
    LambdaFunction.run(outputs) {
        let input = try HostTensor(argument: x)
        let s = input.shape
        guard s.count == 4, s[1] % 2 == 0, s[2] % 2 == 0 else {
            throw KernelError.invalidArgument("space_to_depth_x2 takes (batch, height, width, channels) with even height and width, received \(s)")
        }
        let blocks = try K.reshape(input, [s[0], s[1] / 2, 2, s[2] / 2, 2, s[3]])
        let moved = try K.permuteDimensions(blocks, [0, 1, 3, 2, 4, 5])
        return [try K.reshape(moved, [s[0], s[1] / 2, s[2] / 2, 4 * s[3]])]
    }
}

/// `space_to_depth_x2`'s output shape, as the seed's `space_to_depth_x2_output_shape`.
let spaceToDepthX2Shape: LambdaFunction.ShapeRule = { shapes, _ in
    guard shapes.count == 1, shapes[0].rank == 4 else {
        throw KernelError.invalidArgument("space_to_depth_x2 takes one 4-D tensor, received \(shapes)")
    }
    let s = shapes[0]
    return [TensorShape([s[0], s[1].map { $0 / 2 }, s[2].map { $0 / 2 }, s[3].map { 4 * $0 }], dtype: s.dtype)]
}

/// `scale_shift(x, scale, shift) = x * scale + shift`: a function with scalar arguments, which
/// the host calls through libffi from its signature.
let scaleShift: @convention(c) (TensorArgument, Float, Float, FunctionOutputs) -> FunctionStatus = { x, scale, shift, outputs in
    LambdaFunction.run(outputs) {
        [try HostTensor(argument: x) * Double(scale) + Double(shift)]
    }
}
