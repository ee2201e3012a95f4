"""A smoke test of the intake load benchmark's own code: its requests are accepted and its check finds them."""

from __future__ import annotations

import json
import random

import pytest
from django.test import Client

from benchmarks import intake_load
from jornada.contributions.receipts import new_receipt_code


@pytest.mark.django_db
def test_it_sends_requests_the_api_accepts_and_finds_each_one_afterwards() -> None:
    """Every generated request is acknowledged; verify() finds and reads back each one, and misses a code never stored."""
    intake_load.organisations_make()
    rng = random.Random(7)
    sent: dict[str, str] = {}
    for number in range(12):
        request = intake_load.payload(rng, number)
        response = Client().post(intake_load.PATH, json.dumps(request), content_type="application/json")
        assert response.status_code == 201, response.content
        sent[json.loads(response.content)["receipt_code"]] = str(request["narrative"])
    assert intake_load.verify(sent) == (12, 12)
    sent[new_receipt_code()] = "never stored"
    assert intake_load.verify(sent) == (12, 12), (
        "an acknowledged code missing from the database is not counted"
    )
