"""Writes keras3_functional.weights.h5 with Keras 3 (run with a Python that has keras + h5py).

The weights are a formula the Swift test recomputes: weight k (in model.weights order) has
element i = 0.5 * sin(0.37 * i + k), except moving variances: 1 + 0.5 * sin(0.37 * i + k).
The script prints the model's predictions for x[i] = cos(0.5 * i), x of shape (2, 3, 4); the
Swift test (Tests/KerasTests/Saving/KerasWeightsFixtureTests.swift) holds those values.
"""
import os
os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np
import keras

inputs = keras.Input((3, 4), name="sequence")
x = keras.layers.LSTM(2)(inputs)
x = keras.layers.BatchNormalization()(x)
x = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="relu")], name="inner")(x)
outputs = keras.layers.Dense(2)(x)
model = keras.Model(inputs, outputs)

values = []
for k, w in enumerate(model.weights):
    i = np.arange(int(np.prod(w.shape)), dtype=np.float64)
    v = 0.5 * np.sin(0.37 * i + k)
    if "moving_variance" in w.path:
        v = 1 + v
    values.append(v.reshape(w.shape).astype("float32"))
model.set_weights(values)
model.save_weights(os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras3_functional.weights.h5"))
x = np.cos(0.5 * np.arange(24, dtype=np.float64)).reshape(2, 3, 4).astype("float32")
print([w.path for w in model.weights])
print(repr(model.predict(x, verbose=0).astype("float64").tolist()))
