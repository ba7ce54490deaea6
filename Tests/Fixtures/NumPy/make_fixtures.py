"""Writes the NumPy fixtures of NumPyFileTests (run with any Python that has numpy).

Values are formulas the Swift test recomputes: element i of each array is given below.
"""
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
i = np.arange(24)
np.save(os.path.join(here, "f4_c.npy"), (0.25 * i - 3).astype("<f4").reshape(2, 3, 4))          # 0.25 i - 3
np.save(os.path.join(here, "f8_big.npy"), (0.5 * i[:6]).astype(">f8").reshape(3, 2))            # 0.5 i, big-endian
np.save(os.path.join(here, "i8_fortran.npy"), np.asfortranarray((i[:6] * 7 - 20).reshape(2, 3)))  # 7 i - 20, Fortran order
np.save(os.path.join(here, "b1.npy"), (i[:5] % 2 == 0))                                         # i even
np.save(os.path.join(here, "f2.npy"), np.ones(3, dtype="<f2"))                                  # unsupported dtype
np.savez_compressed(os.path.join(here, "pair.npz"),
                    tokens=(i[:6] % 4).astype("<i4").reshape(2, 3),                                # i mod 4
                    weights=np.float32(1.5) * np.ones((2,), dtype="<f4"))                        # 1.5
