"""The task table never holds an address: every task takes ids, and a failed send is scrubbed."""

from __future__ import annotations

import smtplib
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from jornada.conftest import ThreeOrganisations

pytestmark = pytest.mark.django_db


def test_a_failed_staff_email_leaves_no_address_in_the_task_table(
    three_orgs: ThreeOrganisations, run_tasks: Any
) -> None:
    """An SMTP refusal of a password reset is stored as its class and a message without the address."""
    refused = smtplib.SMTPRecipientsRefused({"alice@example.org": (550, b"mailbox unavailable")})
    with mock.patch("jornada.core.mail.send_mail", side_effect=refused):
        Client().post("/es/staff/password/", {"email": "alice@example.org"})
        run_tasks()
    row = DBTaskResult.objects.get()
    assert row.status == "FAILED"
    assert row.exception_class_path == "jornada.core.mail.SendFailed"
    stored = f"{row.args_kwargs} {row.traceback}"
    assert "SMTPRecipientsRefused" in stored
    assert "alice" not in stored
