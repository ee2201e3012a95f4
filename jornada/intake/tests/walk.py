"""Walking the interview at /ayuda/ the way a browser without JavaScript does: one POST per step."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse
from django.test import Client

URL = "/es/ayuda/"
_DRAFT = re.compile(r'name="draft" value="([^"]+)"')
_STEP = re.compile(r'name="step" value="([^"]+)"')

# Answers for every step, as the forms post them (a worker in Oaxaca, Spanish, wants a WhatsApp call).
STEP_DATA: dict[str, dict[str, Any]] = {
    "urgent": {},
    "what": {"categories": ["wage-theft"], "narrative": "Relato-Paso-7Q: no nos pagaron."},
    "who": {"knows_party": "yes"},
    "who_name": {"q": "Patron-Paso-7Q", "pick": "typed"},
    "where": {"place": "MX-OAX", "year": "2025"},
    "now": {"whereabouts": "home"},
    "language": {"language": "es"},
    "consent": {"consent_contact": "yes", "consent_share": "yes", "consent_count": "no"},
    "contact": {"contact_channel": "whatsapp"},
    "contact_details": {
        "contact": "+52 951 555 0177",
        "safe_times": "domingos",
        "may_leave_message": "no",
        "worker_name": "Nombre-Paso-7Q",
    },
    "organisations": {"any_organisation": "on"},
}


def html(response: HttpResponse) -> str:
    return response.content.decode()


def draft_code(response: HttpResponse) -> str:
    found = _DRAFT.search(html(response))
    assert found is not None, "no resume code on the page"
    return found.group(1)


def step_of(response: HttpResponse) -> str:
    found = _STEP.search(html(response))
    return found.group(1) if found else ""


class Walk:
    """One worker's interview: the resume code, the step on screen and the last answer."""

    def __init__(self, client: Client | None = None, url: str = URL) -> None:
        self.client = client or Client()
        self.url = url
        self.code = ""
        self.response: HttpResponse | None = None

    def begin(self, **data: Any) -> HttpResponse:
        response = self.client.post(self.url, {"step": "urgent", "go": "next", **data})
        if response.status_code == 200:
            self.code = draft_code(response)
        self.response = response
        return response

    def post(self, step: str, go: str = "next", **data: Any) -> HttpResponse:
        self.response = self.client.post(self.url, {"draft": self.code, "step": step, "go": go, **data})
        return self.response

    @property
    def step(self) -> str:
        assert self.response is not None
        return step_of(self.response)

    def answer_all(self, overrides: dict[str, dict[str, Any]] | None = None) -> HttpResponse:
        """Answer whatever step is on screen until the review; return the review page."""
        overrides = overrides or {}
        if not self.code:
            self.begin(**overrides.get("urgent", {}))
        for _ in range(20):
            step = self.step
            if step == "review":
                break
            response = self.post(step, **{**STEP_DATA[step], **overrides.get(step, {})})
            assert response.status_code == 200, html(response)
        assert self.response is not None
        return self.response

    def send(self) -> HttpResponse:
        return self.post("review", go="send")
