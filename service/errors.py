"""The service's one error type: an HTTP status, a stable code, words for a person, a hint.

Every failure a client can cause is raised as a :class:`ServiceError`, from the pipeline,
the translation layer or the web layer alike; :mod:`service.web.errors` is the one place
that turns it (and anything unexpected) into a response.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ServiceError(Exception):
    status: int
    code: str
    message: str
    hint: str | None = None
    #: response headers the status calls for (``WWW-Authenticate`` on 401, ``Retry-After`` on 429)
    headers: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    #: the request field at fault, as a path (``("versions", 1, "text")``); the message then
    #: starts with it written out (``versions[1].text: ...``). Not sent to clients as such.
    location: tuple[str | int, ...] = field(default=(), repr=False, compare=False)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    @property
    def reason(self) -> str:
        """The message without the field's location in front of it."""
        return self.message.split(": ", 1)[1] if self.location and ": " in self.message else self.message

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.hint:
            error["hint"] = self.hint
        return {"error": error}


def bad_request(message: str, code: str = "invalid_request", hint: str | None = None,
                location: tuple[str | int, ...] = ()) -> ServiceError:
    return ServiceError(400, code, message, hint, location=location)


def too_large(message: str, hint: str | None = None) -> ServiceError:
    return ServiceError(413, "too_large", message, hint)


def not_found(message: str = "No comparison has that id.") -> ServiceError:
    return ServiceError(404, "not_found", message)


def missing_model(source: str, target: str, which: str = "") -> ServiceError:
    """422 for a language pair no installed package (or pivot) can translate; ``which`` says
    what is left untranslated (a sentence of the message)."""
    return ServiceError(
        422,
        "translation_unavailable",
        f"No translation package for {source}→{target} is installed, and the translation memory "
        "does not cover every sentence." + (f" {which}" if which else ""),
        f"python -m service models install {source} {target}   "
        f"(offline: python -m service models install-file translate-{source}_{target}.argosmodel)",
    )
