import json
import os
import subprocess
import sys

import pytest
from django.test import Client

PROBE = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": json.loads(response.content)}))
"""


@pytest.mark.django_db
def test_it_reports_ok_when_the_database_answers(client: Client) -> None:
    """/healthz answers 200 with status and database both "ok", never cached."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "max-age=0" in response["Cache-Control"]


def test_it_answers_503_when_the_database_is_unreachable() -> None:
    """An app server whose database does not answer reports 503 (run in its own process)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jornada.settings",
        "DATABASE_URL": "postgres://jornada@127.0.0.1:1/jornada",  # nothing listens on port 1
        "JORNADA_DB_CONN_MAX_AGE": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"status": 503, "body": {"status": "error", "database": "unreachable"}}
