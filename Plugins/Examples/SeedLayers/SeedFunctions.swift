import KerasPluginKit

/// The Lambda seed's `antirectifier`: the sample-wise centred, L2-normalised input, then its
/// positive and negative parts side by side: `(batch, n)` → `(batch, 2n)`.
let antirectifier = LambdaFunction("antirectifier", outputShape: antirectifierShape) { x in
    let centred = try x - K.mean(x, axis: 1, keepDims: true)
    let normalised = try K.l2Normalize(centred, axis: 1)
    return try K.concatenate([K.relu(normalised), K.relu(-normalised)], axis: 1)
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
///
/// Written in the explicit form, a `@convention(c)` entry with the signature spelled out (what
/// a function whose parameters no Swift-closure form covers needs); the others here are Swift
/// closures.
let spaceToDepthX2Entry: @convention(c) (TensorArgument, FunctionOutputs) -> FunctionStatus = { x, outputs in
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

let spaceToDepthX2 = LambdaFunction("space_to_depth_x2", signature: "(tensor x) -> tensor", entry: spaceToDepthX2Entry,
                                    outputShape: spaceToDepthX2Shape)

/// `space_to_depth_x2`'s output shape, as the seed's `space_to_depth_x2_output_shape`.
let spaceToDepthX2Shape: LambdaFunction.ShapeRule = { shapes, _ in
    guard shapes.count == 1, shapes[0].rank == 4 else {
        throw KernelError.invalidArgument("space_to_depth_x2 takes one 4-D tensor, received \(shapes)")
    }
    let s = shapes[0]
    return [TensorShape([s[0], s[1].map { $0 / 2 }, s[2].map { $0 / 2 }, s[3].map { 4 * $0 }], dtype: s.dtype)]
}

/// `scale_shift(x, scale, shift) = x * scale + shift`: a function with scalar arguments
/// (signature `(tensor x, float scale, float shift) -> tensor`), which the host calls through
/// libffi with the two floats.
let scaleShift = LambdaFunction("scale_shift", ("scale", Float.self), ("shift", Float.self)) { x, scale, shift in
    try x * Double(scale) + Double(shift)
}

/// `mix(a, b, alpha, swap) = alpha·a + (1 − alpha)·b` (`a` and `b` exchanged when `swap`): two
/// tensors and mixed scalar types, in the general Swift form.
let mix = LambdaFunction("mix", tensors: ["a", "b"], scalars: [.double("alpha"), .bool("swap")]) { inputs, arguments in
    let alpha: Double = try arguments.value("alpha")
    let (a, b) = try arguments.value("swap", as: Bool.self) ? (inputs[1], inputs[0]) : (inputs[0], inputs[1])
    return [try a * alpha + b * (1 - alpha)]
}
