"""Writes the Keras 2 style weights files the legacy-loading tests read.

keras3_legacy_mlp.h5: Keras 3.15's legacy HDF5 writer (variable-length string attributes).
keras2_layout_mlp.h5: Keras 2.2.4's layout written with h5py (fixed-length byte-string
attributes, TF variable names with `:0`), as Keras 2's `save_weights` wrote it.
Both hold Dense(3, tanh) -> Dropout -> Dense(2) on 4 inputs; weight k (kernel, bias, kernel,
bias) has element i = 0.25 * cos(0.5 * i + k).
"""
import os
os.environ.setdefault("KERAS_BACKEND", "jax")
import h5py
import numpy as np
import keras
from keras.src.legacy.saving import legacy_h5_format

here = os.path.dirname(os.path.abspath(__file__))
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="tanh"),
                          keras.layers.Dropout(0.1), keras.layers.Dense(2)])
values = []
for k, w in enumerate(model.weights):
    i = np.arange(int(np.prod(w.shape)), dtype=np.float64)
    values.append((0.25 * np.cos(0.5 * i + k)).reshape(w.shape).astype("float32"))
model.set_weights(values)
with h5py.File(os.path.join(here, "keras3_legacy_mlp.h5"), "w") as f:
    legacy_h5_format.save_weights_to_hdf5_group(f, model)

with h5py.File(os.path.join(here, "keras2_layout_mlp.h5"), "w") as f:
    f.attrs["layer_names"] = np.array([b"dense_1", b"dropout_1", b"dense_2"])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = b"2.2.4"
    for layer, names, arrays in [("dense_1", [b"dense_1/kernel:0", b"dense_1/bias:0"], values[0:2]),
                                 ("dropout_1", [], []),
                                 ("dense_2", [b"dense_2/kernel:0", b"dense_2/bias:0"], values[2:4])]:
        g = f.create_group(layer)
        g.attrs["weight_names"] = np.array(names) if names else np.array([])
        for name, array in zip(names, arrays):
            g.create_dataset(name.decode(), data=array)
x = np.cos(0.5 * np.arange(8, dtype=np.float64)).reshape(2, 4).astype("float32")
print(repr(model.predict(x, verbose=0).astype("float64").tolist()))
