"""Give decoded pictures' memory back to the system when they are freed.

Pillow keeps a picture in blocks of up to 16 MB from malloc. glibc serves
blocks that large with mmap and unmaps them on free, until the first free
of one raises its "dynamic mmap threshold" above 16 MB: from then on they
come from the heap of the thread that asked, and freed blocks stay with
that heap. In a threaded server each thread then keeps the largest picture
it ever decoded: four uploads of a 49-megapixel PNG at once peaked at
850 MB where two at a time (``intake.decoding``) needs 430 MB. A fixed
threshold keeps large blocks on mmap. Elsewhere than glibc this does nothing.
"""

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3
THRESHOLD = 1 << 20


def return_freed_pictures_to_the_system():
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD))
