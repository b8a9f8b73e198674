"""Seeded random streams and id formatting shared by the demo generators.

Each part of the company draws from its own stream, derived from the seed and a name, so
changing how (say) payments are drawn leaves customers and sales lines exactly as before.
"""

from __future__ import annotations

import zlib

import numpy as np

Rng = np.random.Generator


def stream(seed: int, *keys: str | int) -> Rng:
    """An independent generator for (seed, keys…); stable across runs and platforms."""
    words = [int(seed) % (1 << 64)] + [zlib.crc32(str(k).encode("utf-8")) for k in keys]
    return np.random.default_rng(np.random.SeedSequence(words))


def id_width(count: int, minimum: int) -> int:
    """Digits so that every id of a table has the same width (ids then sort as text)."""
    return max(minimum, len(str(max(count, 1))))


def blank_unless(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values where mask holds, None (a blank cell) elsewhere, as an object array."""
    out = np.full(len(mask), None, dtype=object)
    out[mask] = np.asarray(values, dtype=object)[mask]
    return out


def make_ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """ "C" + zero-padded numbers, vectorised: make_ids("C", [1, 2], 5) → C00001, C00002."""
    digits = np.char.zfill(np.asarray(numbers, dtype=np.int64).astype(str), width)
    return np.char.add(prefix, digits)
