"""Makes the Keras 2 full-model .h5 fixtures of the loadModel tests with tf.keras (TensorFlow 2.15,
Keras 2.15): model.save("x.h5") writes the model_config and training_config attributes, the
weights under model_weights/ and the optimizer's under optimizer_weights/.

Each model is built with seeded weights, compiled and briefly fitted, saved as
Fixtures/<name>.h5, and run on seeded inputs: Fixtures/<name>.inputs.npz / .outputs.npz (keyed by
input / output layer name) and Fixtures/<name>.json (rtol/atol, the key order). For keras2_functional also the data of one more
epoch (.fit.npz) and the predictions after it (.after_fit.npz).

Run with TensorFlow 2.15 (pip install tensorflow-cpu==2.15.1 into a scratch venv):
    python make_keras2_fixtures.py
"""
import json
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures")
os.makedirs(HERE, exist_ok=True)
tf.keras.utils.set_random_seed(4321)
rng = np.random.default_rng(11)


def keras2_mlp():
    m = keras.Sequential([keras.Input((6,), name="features"), layers.Dense(8, activation="relu"),
                          layers.Dropout(0.2), layers.Dense(3, activation="softmax")], name="keras2_mlp")
    m.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(rng.normal(size=(16, 6)).astype("float32"), rng.integers(0, 3, size=16), epochs=2, batch_size=8, verbose=0)
    return m, {"features": rng.normal(size=(4, 6)).astype("float32")}


def keras2_functional():
    seq = keras.Input((6, 3), name="sequence")
    side = keras.Input((2,), name="side")
    x = layers.Conv1D(4, 2, activation="relu")(seq)
    x = layers.MaxPooling1D(2)(x)
    x = layers.LSTM(3, return_sequences=True)(x)
    x = layers.GRU(2)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Concatenate()([x, layers.Dense(2, activation="tanh")(side)])
    out = layers.Dense(1, name="score")(x)
    m = keras.Model([seq, side], out, name="keras2_functional")
    m.compile(optimizer=keras.optimizers.RMSprop(0.01), loss="mse", metrics=["mae"])
    m.fit([rng.normal(size=(8, 6, 3)).astype("float32"), rng.normal(size=(8, 2)).astype("float32")],
          rng.normal(size=(8, 1)).astype("float32"), epochs=1, batch_size=4, verbose=0)
    return m, {"sequence": rng.normal(size=(3, 6, 3)).astype("float32"), "side": rng.normal(size=(3, 2)).astype("float32")}


def main():
    for make in [keras2_mlp, keras2_functional]:
        name = make.__name__
        model, inputs = make()
        model.save(os.path.join(HERE, name + ".h5"))
        input_names = list(model.input_names)
        args = [inputs[n] for n in input_names]
        outputs = model.predict(args if len(args) > 1 else args[0], verbose=0)
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        output_names = list(model.output_names)
        np.savez(os.path.join(HERE, name + ".inputs.npz"), **inputs)
        np.savez(os.path.join(HERE, name + ".outputs.npz"), **dict(zip(output_names, [np.asarray(o) for o in outputs])))
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump({"keras_version": tf.__version__, "backend": "tensorflow", "inputs": input_names,
                       "outputs": output_names, "rtol": 1e-4, "atol": 1e-5}, f, indent=1)
            f.write("\n")
        if name == "keras2_functional":
            # One more epoch from the saved state (no dropout here, so it is deterministic): the
            # predictions after it check that the optimizer state loads and training continues.
            fit_x = {"sequence": rng.normal(size=(6, 6, 3)).astype("float32"), "side": rng.normal(size=(6, 2)).astype("float32")}
            fit_y = rng.normal(size=(6, 1)).astype("float32")
            model.fit([fit_x[n] for n in input_names], fit_y, batch_size=3, epochs=1, shuffle=False, verbose=0)
            after = model.predict(args, verbose=0)
            np.savez(os.path.join(HERE, name + ".fit.npz"), y=fit_y, **fit_x)
            np.savez(os.path.join(HERE, name + ".after_fit.npz"), **{output_names[0]: np.asarray(after)})
        print(name, [o.shape for o in outputs])


if __name__ == "__main__":
    main()
