"""heap.give_back hands freed heap pages back to the system (glibc), which keeps ingest workers small."""
import platform

import pytest

from kronika.heap import give_back, rss_mb

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's; elsewhere give_back does nothing")
def test_freed_blocks_leave_resident_memory():
    # 64 kB blocks come from the heap, not from mmap. Every tenth is kept, so the freed ones are holes inside
    # the heap that glibc never trims by itself: how a worker is left after one long article
    blocks = [bytearray(64 * 1024) for _ in range(3200)]  # 200 MB, touched (zero-filled)
    keep = blocks[::10]
    before = rss_mb()
    del blocks
    held = rss_mb()
    assert give_back() is True
    after = rss_mb()
    assert before - held < 50, "glibc returned the blocks by itself: the test no longer tests give_back"
    assert held - after > 120, f"RSS {held:.0f} -> {after:.0f} MB"
    del keep

