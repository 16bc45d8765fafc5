"""A guard for one request: a wall-clock ceiling and a ceiling on peak-memory growth.

The ceilings sit far above the linear cost (seconds, where a quadratic stage takes
minutes), so a blow-up fails the test instead of hanging the suite.
"""
from __future__ import annotations

import resource
import signal
import time
from contextlib import contextmanager


class Deadline(BaseException):
    """Raised by the guard's alarm; a BaseException, so no ``except Exception`` can swallow it."""


@contextmanager
def bounded(seconds: float, megabytes: int = 400):
    """Fail when the block runs longer than ``seconds`` or grows peak memory by more than ``megabytes``."""
    def expire(signum, frame):
        raise Deadline(f"still running after {seconds} s")

    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    except Deadline as exc:
        raise AssertionError(f"{exc}: the cost is not linear in the size of the input") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown < megabytes, f"peak memory grew by {grown:.0f} MB in {time.monotonic() - started:.1f} s"
