"""Makes the Keras 3 fixtures of the .keras interop tests (keras==3.15.1, JAX backend).

Each model is built in Python Keras with seeded weights, briefly fitted when compiled (so the
archive holds optimizer variables), saved as Fixtures/<name>.keras, and run on seeded inputs:
Fixtures/<name>.inputs.npz (keyed by input name) and Fixtures/<name>.outputs.npz (keyed by
output name) hold what Keras predicted; Fixtures/<name>.json holds rtol/atol and the keys in
order. The Swift tests (Tests/KerasTests/Saving/KerasArchiveFixtureTests.swift) load the
archives and must predict those outputs on every backend.

Run: python make_fixtures.py [name …]   (from any directory; writes beside this file; with
names, only those fixtures)
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np
import keras
from keras import layers

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures")
os.makedirs(HERE, exist_ok=True)
keras.utils.set_random_seed(1234)
rng = np.random.default_rng(7)


def mlp():
    m = keras.Sequential([keras.Input((6,), name="features"), layers.Dense(8, activation="relu"),
                          layers.Dropout(0.2), layers.Dense(3, activation="softmax")], name="mlp")
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = rng.normal(size=(16, 6)).astype("float32")
    m.fit(x, rng.integers(0, 3, size=16), epochs=2, batch_size=8, verbose=0)
    return m, {"features": rng.normal(size=(4, 6)).astype("float32")}


def cnn():
    m = keras.Sequential([keras.Input((8, 8, 1), name="image"),
                          layers.Conv2D(4, 3, activation="relu", padding="same"),
                          layers.BatchNormalization(), layers.MaxPooling2D(2),
                          layers.Conv2D(3, 3, strides=1, padding="valid"), layers.GlobalAveragePooling2D(),
                          layers.Dense(2)], name="cnn")
    m.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mse")
    m.fit(rng.normal(size=(8, 8, 8, 1)).astype("float32"), rng.normal(size=(8, 2)).astype("float32"),
          epochs=1, batch_size=4, verbose=0)
    return m, {"image": rng.normal(size=(3, 8, 8, 1)).astype("float32")}


def embedding_lstm():
    tokens = keras.Input((5,), dtype="int32", name="tokens")
    x = layers.Embedding(10, 4, mask_zero=True)(tokens)
    x = layers.LSTM(3)(x)
    out = layers.Dense(1, activation="sigmoid")(x)
    m = keras.Model(tokens, out, name="embedding_lstm")
    ids = rng.integers(1, 10, size=(3, 5)).astype("int32")
    ids[0, 3:] = 0
    return m, {"tokens": ids}


def embedding_gru():
    m = keras.Sequential([keras.Input((4,), dtype="int32", name="ids"), layers.Embedding(7, 3),
                          layers.GRU(2, return_sequences=True), layers.GRU(2)], name="embedding_gru")
    return m, {"ids": rng.integers(0, 7, size=(2, 4)).astype("int32")}


def bidirectional_time_distributed():
    seq = keras.Input((4, 3), name="sequence")
    x = layers.Bidirectional(layers.LSTM(2, return_sequences=True))(seq)
    x = layers.TimeDistributed(layers.Dense(2, activation="tanh"))(x)
    m = keras.Model(seq, x, name="bidirectional_time_distributed")
    return m, {"sequence": rng.normal(size=(2, 4, 3)).astype("float32")}


def masking_rnn():
    seq = keras.Input((4, 2), name="sequence")
    x = layers.Masking(0.0)(seq)
    x = layers.SimpleRNN(3)(x)
    m = keras.Model(seq, layers.Dense(1)(x), name="masking_rnn")
    v = rng.normal(size=(2, 4, 2)).astype("float32")
    v[1, 2:] = 0
    return m, {"sequence": v}


def multi_input():
    a = keras.Input((3,), name="left")
    b = keras.Input((3,), name="right")
    s = layers.Add()([layers.Dense(4, name="left_dense")(a), layers.Dense(4, name="right_dense")(b)])
    c = layers.Concatenate()([s, a])
    out1 = layers.Dense(2, name="score")(c)
    out2 = layers.Dense(1, activation="sigmoid", name="flag")(s)
    m = keras.Model([a, b], [out1, out2], name="multi_input")
    m.compile(optimizer="rmsprop", loss=["mse", "binary_crossentropy"])
    m.fit([rng.normal(size=(8, 3)), rng.normal(size=(8, 3))],
          [rng.normal(size=(8, 2)), rng.integers(0, 2, size=(8, 1)).astype("float32")], epochs=1, verbose=0)
    return m, {"left": rng.normal(size=(3, 3)).astype("float32"), "right": rng.normal(size=(3, 3)).astype("float32")}


def shared_submodel():
    inner_in = keras.Input((3,), name="inner_input")
    inner = keras.Model(inner_in, layers.Dense(2, activation="relu", name="inner_dense")(inner_in), name="encoder")
    head = keras.Sequential([keras.Input((2,)), layers.Dense(2, name="head_dense")], name="head")
    a = keras.Input((3,), name="first")
    b = keras.Input((3,), name="second")
    shared = layers.Dense(3, name="shared_dense")
    ea = inner(shared(a))
    eb = inner(shared(b))
    out = head(layers.Subtract()([ea, eb]))
    m = keras.Model([a, b], out, name="shared_submodel")
    return m, {"first": rng.normal(size=(2, 3)).astype("float32"), "second": rng.normal(size=(2, 3)).astype("float32")}


def rnn_cells():
    # The generic RNN layer around each built-in cell; compiled with Nadam (whose momentum
    # product is saved after the slots) and metric objects (saved as their Keras configs).
    seq = keras.Input((5, 3), name="sequence")
    x = layers.RNN(layers.LSTMCell(4), return_sequences=True)(seq)
    x = layers.RNN(layers.GRUCell(3), return_sequences=True, go_backwards=True)(x)
    x = layers.RNN(layers.SimpleRNNCell(2, activation="relu"))(x)
    m = keras.Model(seq, layers.Dense(1, activation="sigmoid")(x), name="rnn_cells")
    m.compile(optimizer="nadam", loss="binary_crossentropy",
              metrics=[keras.metrics.AUC(num_thresholds=50), keras.metrics.Precision(thresholds=0.4),
                       keras.metrics.BinaryAccuracy(threshold=0.6), "accuracy"])
    m.fit(rng.normal(size=(8, 5, 3)).astype("float32"), rng.integers(0, 2, size=(8, 1)).astype("float32"),
          epochs=2, batch_size=4, verbose=0)
    return m, {"sequence": rng.normal(size=(3, 5, 3)).astype("float32")}


def keras3_h5():
    # Keras 3's own legacy HDF5 whole-model file (model.save("….h5")): Keras 3 configs in
    # model_config, Keras 2's weights layout, Keras 3's optimizer variables.
    seq = keras.Input((4, 3), name="sequence")
    x = layers.LSTM(3, return_sequences=True)(seq)
    x = layers.GRU(2)(x)
    x = layers.BatchNormalization()(x)
    m = keras.Model(seq, layers.Dense(1, name="score")(x), name="keras3_h5")
    m.compile(optimizer="adam", loss="mse", metrics=["mae"])
    m.fit(rng.normal(size=(8, 4, 3)).astype("float32"), rng.normal(size=(8, 1)).astype("float32"),
          epochs=1, batch_size=4, verbose=0)
    return m, {"sequence": rng.normal(size=(2, 4, 3)).astype("float32")}


ALL = [mlp, cnn, embedding_lstm, embedding_gru, bidirectional_time_distributed, masking_rnn,
       multi_input, shared_submodel, rnn_cells, keras3_h5]
H5 = [keras3_h5]


def main(names):
    # With names, only those fixtures are (re)made: `python make_fixtures.py rnn_cells`.
    for make in [f for f in ALL if not names or f.__name__ in names]:
        name = make.__name__
        model, inputs = make()
        model.save(os.path.join(HERE, name + (".h5" if make in H5 else ".keras")))
        input_names = [t._keras_history[0].name for t in model.inputs]
        args = [inputs[n] for n in input_names]
        outputs = model.predict(args if len(args) > 1 else args[0], verbose=0)
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        output_names = [t._keras_history[0].name for t in model.outputs]
        np.savez(os.path.join(HERE, name + ".inputs.npz"), **inputs)
        np.savez(os.path.join(HERE, name + ".outputs.npz"), **dict(zip(output_names, [np.asarray(o) for o in outputs])))
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump({"keras_version": keras.__version__, "backend": keras.backend.backend(), "inputs": input_names,
                       "outputs": output_names, "rtol": 1e-4, "atol": 1e-5}, f, indent=1)
            f.write("\n")
        print(name, [o.shape for o in outputs])


if __name__ == "__main__":
    main(sys.argv[1:])
