"""Keep the C allocator from handing large freed blocks back to the system between encoder calls."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import platform

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# An article's largest encoder tensors are 1-20 MB (tokens x 1,536 floats). By default glibc maps
# blocks that large afresh and returns freed memory at the top of the heap, so each of the 36 layer
# outputs of every call page-faults its memory in again; on two cores that cost fp32 about a quarter of
# its time and int8 two thirds of its time (0.21 against 0.29 s, and 0.11 against 0.35-0.43 s, on a
# 1,000-word article). Blocks up to 32 MB (glibc's ceiling) now come from the heap, and
# up to 128 MB of freed memory stays there for the next call.
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 128 * 1024 * 1024
ENV_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")


@functools.cache
def keep_freed_memory() -> bool:
    """Tune glibc's malloc for repeated large tensors, once per process; return True if it applied.

    Does nothing on other C libraries, or when the environment already sets malloc's thresholds.
    (Two threads loading a model at once may both set the same values; that is harmless.)
    """
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    if any(os.environ.get(name) for name in ENV_SETTINGS):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
