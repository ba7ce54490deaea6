"""Keras 3's numbers for the Swift ports in Integration/Examples/Keras3GuideExamples.swift.

Each program follows a Keras 3 guide (sizes scaled down), with data and weights from the
closed-form generators below, which the Swift side computes the same way, and `shuffle=False`.
Run with Keras 3.15.1 (JAX backend, as scripts/keras-interop.sh installs it):

    KERAS_BACKEND=jax .build/keras-venv/bin/python Integration/Keras3Numbers/keras3_guide_examples.py
"""
import json
import numpy as np
import keras
from keras import ops, layers


def wave(n, a, b, scale=1.0, offset=0.0):
    """offset + scale * sin(a * i + b), i = 0..<n, as float32."""
    i = np.arange(n, dtype=np.float64)
    return (offset + scale * np.sin(a * i + b)).astype(np.float32)


def set_kernels(model, seed):
    """Every kernel (rank >= 2) k-th in model.weights order: wave(size, 0.7, seed + k) / sqrt(fan_in);
    biases and normalisation weights keep their initial values."""
    k = 0
    for w in model.weights:
        if len(w.shape) >= 2 and w.path.endswith("kernel"):
            fan_in = int(np.prod(w.shape[:-1]))
            w.assign(wave(int(np.prod(w.shape)), 0.7, seed + k, 1.0 / np.sqrt(fan_in)).reshape(w.shape))
            k += 1


out = {}

# 1. The rank-aligned custom loss (issue 16, item 1): targets (4,), predictions (4, 1).
def mean_squared(t, p):
    return ops.mean(ops.square(t - p), axis=-1)

t = np.array([0, 0, 1, 1], np.float32)
p = np.array([[0.1], [0.1], [0.7], [0.8]], np.float32)
probe = keras.Sequential([keras.Input((1,)), layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")])
probe.compile(optimizer="sgd", loss=mean_squared)
out["custom_loss_evaluate"] = float(probe.evaluate(p, t, verbose=0))
out["custom_loss_broadcast"] = float(ops.mean(ops.square(t[None, :] - p)))

# 2. Siamese network with a contrastive loss (keras.io/examples/vision/siamese_contrastive).
def euclidean_distance(vects):
    x, y = vects
    sum_square = ops.sum(ops.square(x - y), axis=1, keepdims=True)
    return ops.sqrt(ops.maximum(sum_square, keras.backend.epsilon()))


def contrastive(margin=1):
    def contrastive_loss(y_true, y_pred):
        square_pred = ops.square(y_pred)
        margin_square = ops.square(ops.maximum(margin - (y_pred), 0))
        return ops.mean((1 - y_true) * square_pred + (y_true) * margin_square)
    return contrastive_loss


keras.utils.clear_session()
inp = keras.Input((28, 28, 1))
x = layers.BatchNormalization()(inp)
x = layers.Conv2D(4, (5, 5), activation="tanh")(x)
x = layers.AveragePooling2D(pool_size=(2, 2))(x)
x = layers.Conv2D(16, (5, 5), activation="tanh")(x)
x = layers.AveragePooling2D(pool_size=(2, 2))(x)
x = layers.Flatten()(x)
x = layers.BatchNormalization()(x)
x = layers.Dense(10, activation="tanh")(x)
embedding_network = keras.Model(inp, x)
input_1 = keras.Input((28, 28, 1))
input_2 = keras.Input((28, 28, 1))
tower_1 = embedding_network(input_1)
tower_2 = embedding_network(input_2)
merge_layer = layers.Lambda(euclidean_distance, output_shape=(1,))([tower_1, tower_2])
normal_layer = layers.BatchNormalization()(merge_layer)
output_layer = layers.Dense(1, activation="sigmoid")(normal_layer)
siamese = keras.Model(inputs=[input_1, input_2], outputs=output_layer)
set_kernels(siamese, 1.0)
siamese.compile(loss=contrastive(margin=1), optimizer="RMSprop", metrics=["accuracy"])
n = 16
x1 = wave(n * 784, 0.37, 1.0, 0.5, 0.5).reshape(n, 28, 28, 1)
x2 = wave(n * 784, 0.53, 2.0, 0.5, 0.5).reshape(n, 28, 28, 1)
labels = (np.arange(n) % 3 == 0).astype(np.float32)        # rank 1, as the guide's labels
out["siamese_evaluate_before"] = [float(v) for v in siamese.evaluate([x1, x2], labels, batch_size=8, verbose=0)]
history = siamese.fit([x1, x2], labels, batch_size=8, epochs=2, shuffle=False, verbose=0)
out["siamese_history"] = {k: [float(v) for v in vs] for k, vs in history.history.items()}
out["siamese_evaluate_after"] = [float(v) for v in siamese.evaluate([x1, x2], labels, batch_size=8, verbose=0)]
out["siamese_predict_after"] = [float(v) for v in siamese.predict([x1[:4], x2[:4]], verbose=0).reshape(-1)]

# 3. A multi-input, multi-output model with metric objects (the training & evaluation guide's
#    "Passing data to multi-input, multi-output models", scaled down, two binary heads a and b).
keras.utils.clear_session()
image_input = keras.Input(shape=(8, 8, 3), name="img_input")
timeseries_input = keras.Input(shape=(6, 4), name="ts_input")
x1 = layers.Conv2D(3, 3)(image_input)
x1 = layers.GlobalMaxPooling2D()(x1)
x2 = layers.Conv1D(3, 3)(timeseries_input)
x2 = layers.GlobalMaxPooling1D()(x2)
x = layers.concatenate([x1, x2])
a = layers.Dense(1, activation="sigmoid", name="a")(x)
b = layers.Dense(1, activation="sigmoid", name="b")(x)
model = keras.Model(inputs=[image_input, timeseries_input], outputs=[a, b])
set_kernels(model, 2.0)
model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
              loss={"a": keras.losses.BinaryCrossentropy(), "b": keras.losses.BinaryCrossentropy()},
              metrics={"a": [keras.metrics.AUC()], "b": [keras.metrics.AUC()]})
m = 12
img = wave(m * 8 * 8 * 3, 0.29, 0.5).reshape(m, 8, 8, 3)
ts = wave(m * 6 * 4, 0.41, 1.5).reshape(m, 6, 4)
ya = (np.arange(m) % 2 == 0).astype(np.float32).reshape(m, 1)
yb = (np.arange(m) % 4 < 1).astype(np.float32).reshape(m, 1)
history = model.fit({"img_input": img, "ts_input": ts}, {"a": ya, "b": yb}, batch_size=4, epochs=2, shuffle=False, verbose=0)
out["multi_output_history"] = {k: [float(v) for v in vs] for k, vs in history.history.items()}
out["multi_output_evaluate"] = model.evaluate({"img_input": img, "ts_input": ts}, {"a": ya, "b": yb},
                                              batch_size=4, verbose=0, return_dict=True)
out["multi_output_evaluate"] = {k: float(v) for k, v in out["multi_output_evaluate"].items()}

# 4. Int and float mixed (keras.backend.result_type; Python scalars are weak types).
keras.utils.clear_session()
i32 = np.array([1, 2, 3], np.int32)
mix = {}
mix["int32_plus_1.5"] = ops.add(i32, 1.5)
mix["int32_plus_1"] = ops.add(i32, 1)
mix["int32_plus_float32"] = ops.add(i32, np.array([0.5, 0.5, 0.5], np.float32))
mix["int32_divide_int32"] = ops.divide(i32, np.array([2, 2, 2], np.int32))
mix["int32_less_float32_scalar"] = ops.less(np.array([10, 12, 14], np.int32), np.array(12.5, np.float32))
mix["int32_times_0.5"] = ops.multiply(i32, 0.5)
mix["uint8_plus_int32"] = ops.add(np.array([200, 100], np.uint8), np.array([100, 1], np.int32))
mix["bool_plus_1"] = ops.add(np.array([True, False]), 1)
mix["float64_plus_int64"] = ops.add(np.array([0.25], np.float64), np.array([2], np.int64))
out["dtype_mix"] = {k: {"dtype": str(v.dtype), "values": np.asarray(v).tolist()} for k, v in mix.items()}
dtypes = ["bool", "uint8", "int32", "int64", "float32", "float64"]
out["result_type"] = {f"{a},{b}": keras.backend.result_type(a, b) for a in dtypes for b in dtypes}
# An int32 input read by a Dense layer (cast to float32) and mixed with a float in a Lambda.
ids = keras.Input((3,), dtype="int32")
scaled = layers.Lambda(lambda v: v * 0.5)(ids)
dense = layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")(scaled)
mixed = keras.Model(ids, dense)
out["int_input_lambda_dtype"] = str(mixed.layers[1].compute_output_spec(keras.KerasTensor((None, 3), "int32")).dtype)
out["int_input_predict"] = mixed.predict(np.array([[1, 2, 3], [4, 5, 7]], np.int32), verbose=0).tolist()

print(json.dumps(out, indent=1, default=str))
