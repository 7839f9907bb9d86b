"""Give freed heap memory back to the operating system.

glibc's malloc keeps the pages of freed blocks in its arenas, so a process's resident memory stays at
the high-water mark of its worst moment: one long article's parse arrays, or one resolution step's
node blocks, and a worker holds 430 MB instead of 240 MB ever after (measured on the AllSides corpus).
``malloc_trim`` returns those free pages; it costs milliseconds, so callers use it once per batch or
step. Other C libraries (macOS, musl) have no such call and need none: there it does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.lru_cache(maxsize=1)
def _trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_size_t], ctypes.c_int
    return fn


def give_back() -> bool:
    """Return free heap pages to the system; True if the C library could (glibc)."""
    fn = _trim()
    if fn is None:
        return False
    fn(0)
    return True


def rss_mb() -> float | None:
    """This process's resident memory in MB (Linux), for benchmarks and logs."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None
