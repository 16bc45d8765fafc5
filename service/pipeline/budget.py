"""A time budget for one comparison, checked between stages and inside the long loops.

gunicorn's gthread workers keep heart-beating while a request thread works, so its
``timeout`` never stops a slow comparison; the pipeline has to stop itself. A
:class:`Budget` is a deadline on the monotonic clock; :meth:`Budget.check` raises
:class:`~service.errors.ServiceError` (422 ``time_budget_exceeded``, naming the stage)
once it has passed. Checks are cheap (one clock read), so loops call them every few dozen
iterations.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from ..errors import ServiceError


@dataclass
class Budget:
    seconds: float | None
    clock: Callable[[], float] = time.monotonic
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    @classmethod
    def unlimited(cls) -> "Budget":
        return cls(None)

    def check(self, stage: str) -> None:
        """Raise when the budget is spent; ``stage`` says where the comparison was."""
        if self.seconds is None or self.clock() - self.started <= self.seconds:
            return
        raise ServiceError(
            422, "time_budget_exceeded",
            f"The comparison did not finish within its time budget of {self.seconds:g} s (stopped during {stage}).",
            "Compare shorter texts, or raise COMPARE_TIME_BUDGET on the server.",
        )
