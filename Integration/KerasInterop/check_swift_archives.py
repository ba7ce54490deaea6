"""Checks, in Python Keras 3.15.1, the .keras archives SwiftKeras wrote (see
Tests/KerasTests/Saving/SwiftArchivesForKerasTests.swift): each loads with
keras.models.load_model, predicts what SwiftKeras predicted (within the rtol/atol of its .json),
and a compiled one loads compiled, with SwiftKeras's step count, and fit continues from there.

Run: python check_swift_archives.py DIR   (exit status 0 when every archive passes)
"""
import glob
import json
import math
import os
import sys
import zipfile

os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np
import keras


def metric_problems(base):
    """Metric objects in compile_config: each deserializes in Keras to a metric whose config is
    the one SwiftKeras wrote."""
    with zipfile.ZipFile(base + ".keras") as z:
        metrics = json.loads(z.read("config.json"))["compile_config"].get("metrics") or []
    problems = []
    for item in metrics if isinstance(metrics, list) else []:
        if isinstance(item, dict):
            metric = keras.metrics.deserialize(item)
            if metric.get_config() != item["config"]:
                problems.append(f"metric {item['class_name']}: Keras reads {metric.get_config()}, SwiftKeras wrote {item['config']}")
    return problems


def check(base):
    meta = json.load(open(base + ".json"))
    model = keras.models.load_model(base + ".keras")
    inputs = np.load(base + ".inputs.npz")
    expected = np.load(base + ".outputs.npz")
    xs = [inputs[name] for name in meta["inputs"]]
    got = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    got = got if isinstance(got, (list, tuple)) else [got]
    problems = []
    for name, value in zip(meta["outputs"], got):
        want = expected[name]
        if value.shape != want.shape:
            problems.append(f"output {name}: shape {value.shape}, SwiftKeras {want.shape}")
        elif not np.allclose(value, want, rtol=meta["rtol"], atol=meta["atol"]):
            problems.append(f"output {name}: max |diff| {np.max(np.abs(value - want)):.3g}")
    if meta["compiled"]:
        if not model.compiled or model.optimizer is None:
            problems.append("saved compiled, loaded uncompiled")
        elif "u_product" in meta and not np.isclose(float(model.optimizer._u_product.numpy()), meta["u_product"], rtol=1e-6):
            problems.append(f"Nadam momentum product {float(model.optimizer._u_product.numpy())}, SwiftKeras {meta['u_product']}")
        elif metric_problems(base):
            problems += metric_problems(base)
        elif int(model.optimizer.iterations.numpy()) != meta["iterations"]:
            problems.append(f"optimizer iterations {int(model.optimizer.iterations.numpy())}, SwiftKeras {meta['iterations']}")
        elif meta.get("fit"):
            fx, fy = np.load(base + ".fit_x.npz"), np.load(base + ".fit_y.npz")
            x = [fx[n] for n in meta["inputs"]]
            y = [fy[n] for n in meta["outputs"]]
            before = int(model.optimizer.iterations.numpy())
            history = model.fit(x if len(x) > 1 else x[0], y if len(y) > 1 else y[0], batch_size=4, epochs=1, verbose=0)
            after = int(model.optimizer.iterations.numpy())
            loss = history.history["loss"][-1]
            if after <= before or not math.isfinite(loss):
                problems.append(f"fit did not continue: iterations {before} -> {after}, loss {loss}")
    return problems


def main():
    directory = sys.argv[1]
    bases = sorted(p[:-len(".keras")] for p in glob.glob(os.path.join(directory, "*.keras")))
    if not bases:
        print(f"no .keras archives in {directory}")
        return 1
    failed = 0
    for base in bases:
        problems = check(base)
        print(("FAIL " if problems else "ok   ") + os.path.basename(base) + (": " + "; ".join(problems) if problems else ""))
        failed += bool(problems)
    print(f"Python Keras {keras.__version__}: {len(bases) - failed} of {len(bases)} SwiftKeras archives load and match")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
