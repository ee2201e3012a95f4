"""The sample deployment in deploy/ logs no client, runs commands that exist and fits the upload limits."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands

from jornada.alerts.views.public import REPORT_BODY_LIMIT
from jornada.rights.audio import MAX_UPLOAD_BYTES as RECORDING_LIMIT

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
NGINX = DEPLOY / "nginx" / "jornada.conf"
PROXY = DEPLOY / "nginx" / "jornada_proxy.conf"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
TIMERS = sorted((DEPLOY / "systemd").glob("*.timer"))
# The client's address, agent and referrer, and anything holding the path or query string (a
# searched name, a followed number).
IDENTIFYING = re.compile(
    r"\$(remote_addr|binary_remote_addr|realip_remote_addr|http_user_agent|http_referer"
    r"|http_x_forwarded_for|proxy_add_x_forwarded_for|request|request_uri|uri|document_uri|args|arg_\w+"
    r"|query_string)\b"
)


def _directives(text: str, name: str) -> list[str]:
    """Return the arguments of every ``name ...;`` directive, comments dropped."""
    text = re.sub(r"#[^\n]*", "", text)
    return [match.strip() for match in re.findall(rf"(?:^|[\s{{;]){name}\s+([^;]*);", text, re.MULTILINE)]


def _size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def test_it_logs_no_client_address_agent_or_referrer_in_nginx() -> None:
    """Every log_format leaves out the client's address, user agent, referrer, path and query string."""
    formats = _directives(NGINX.read_text(), "log_format")
    assert formats
    for log_format in formats:
        assert not IDENTIFYING.search(log_format), log_format


def test_it_writes_every_nginx_access_log_in_that_format() -> None:
    """An access_log without the format name would use nginx's "combined", which has $remote_addr."""
    for access_log in _directives(NGINX.read_text(), "access_log"):
        assert access_log == "off" or access_log.split()[-1] == "jornada", access_log


def test_it_passes_the_headers_the_proxy_settings_expect() -> None:
    """X-Forwarded-Proto (JORNADA_BEHIND_PROXY) and one appended X-Forwarded-For (JORNADA_PROXY_COUNT=1)."""
    headers = _directives(PROXY.read_text(), "proxy_set_header")
    assert "X-Forwarded-Proto $scheme" in headers
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in headers
    env = (DEPLOY / "jornada.env").read_text()
    assert "JORNADA_BEHIND_PROXY=true" in env
    assert "JORNADA_PROXY_COUNT=1" in env


def test_it_lets_the_largest_uploads_through_nginx() -> None:
    """nginx's body limits are above the application's own, so the application answers with its 413 page."""
    sizes = [_size(value) for value in _directives(NGINX.read_text(), "client_max_body_size")]
    assert min(sizes) >= REPORT_BODY_LIMIT
    assert max(sizes) >= RECORDING_LIMIT + 1024 * 1024


@pytest.mark.parametrize("unit", UNITS, ids=lambda path: path.name)
def test_it_runs_commands_that_exist_in_every_systemd_unit(unit: Path) -> None:
    """Each ExecStart runs gunicorn with the project's configuration or a `jornada` command that exists."""
    (line,) = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=")]
    argv = shlex.split(line.removeprefix("ExecStart="))
    program = Path(argv[0]).name
    assert program in {"gunicorn", "jornada"}
    if program == "gunicorn":
        assert argv[1:] == ["-c", "python:jornada.gunicorn", "jornada.wsgi"]
    else:
        assert argv[1] in set(get_commands()), argv[1]


@pytest.mark.parametrize("timer", TIMERS, ids=lambda path: path.name)
def test_it_starts_a_unit_that_exists_from_every_timer(timer: Path) -> None:
    """A timer starts the service of its own name, which must be in deploy/systemd."""
    assert timer.with_suffix(".service") in UNITS
    assert "OnCalendar=" in timer.read_text()


def test_it_runs_the_case_task_reminders_daily() -> None:
    """A daily timer starts `jornada case_reminders`, the job that queues the task reminder e-mails."""
    timer = DEPLOY / "systemd" / "jornada-case-reminders.timer"
    assert "OnCalendar=*-*-* " in timer.read_text()
    assert (
        "ExecStart=/srv/jornada/venv/bin/jornada case_reminders" in timer.with_suffix(".service").read_text()
    )
