"""Inbound text messages lost when the server is killed mid-load: SIGKILL, restart, gateway retries.

``python -m benchmarks messaging_restart`` migrates a fresh data folder (SQLite, or PostgreSQL
under ``scripts/with-postgres``), starts gunicorn with the production configuration, and has
``BENCH_CLIENTS`` (50) fictional numbers text ``/messaging/twilio/``, signed as Twilio signs,
one message at a time: a look-up, then a whole scam report (REPORTAR and its five answers), again
and again. After ``BENCH_KILL_AFTER`` seconds the server's whole process group (master and
workers) gets SIGKILL, mid-request; it is started again ``BENCH_DOWN`` seconds later. Each
conversation behaves as a gateway does: a message not acknowledged with a 200 (connection refused
or cut, timeout, 5xx) is sent again, same MessageSid and signature, with a doubling pause (0.25 s
to 4 s), until it is. Load goes on ``BENCH_AFTER`` seconds once the server answers again.

Then the database is checked against what the clients saw acknowledged:
- every acknowledged message has its dedupe record (a keyed hash of its MessageSid, written in
  the same transaction as the conversation's change): none missing means none was lost;
- the number of scam reports equals the number of acknowledged last answers (none lost, none
  made twice by a retried delivery that had been processed before the kill).
Never part of the test suite.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.common import ROOT, configure, free_port, header, summary_ms

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
AFTER = float(os.environ.get("BENCH_AFTER", "15"))
KILL_AFTER = float(os.environ.get("BENCH_KILL_AFTER", "12"))
DOWN = float(os.environ.get("BENCH_DOWN", "2"))
THINK = float(os.environ.get("BENCH_THINK", "0.5"))
TOKEN = "benchmark-twilio-token"  # noqa: S105 - a benchmark value
URL = "https://bench.example.org/messaging/twilio/"
# One round: a look-up, then a complete report (its last answer, "2" = did not pay, makes it).
ROUND = (
    "BUSCAR 55 5555 0101",
    "REPORTAR",
    "Licenciado Ficticio Ramírez",
    "+52 55 9876 1111",
    "dinero para la visa",
    "15,000 pesos",
    "2",
)
LAST = len(ROUND) - 1


class Server:
    """gunicorn with the production configuration, in its own process group so SIGKILL takes every worker."""

    def __init__(self, data: Path, port: int, settings: dict[str, str]) -> None:
        self.data, self.port, self.settings = data, port, settings
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.data / f"server-{self.starts}.log", "w")  # noqa: SIM115 - kept open for the child
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:jornada.gunicorn", "jornada.wsgi"],
            env={**os.environ, "JORNADA_BIND": f"127.0.0.1:{self.port}", **self.settings},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((self.data / f"server-{self.starts}.log").read_text()) from None
                time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)


def run(arguments: list[str] | None = None) -> str:
    data = configure(tasks="database")
    from django.db import connection
    from twilio.request_validator import RequestValidator

    from jornada.alerts.demo import create_demo_data
    from jornada.alerts.models import ScamReport
    from jornada.messaging.keys import message_digest
    from jornada.messaging.models import SeenMessage

    create_demo_data()
    reports_before = ScamReport.objects.count()
    connection.close()
    validator = RequestValidator(TOKEN)
    server = Server(
        data,
        free_port(),
        {
            "JORNADA_TWILIO_AUTH_TOKEN": TOKEN,
            "JORNADA_MESSAGING_TWILIO_URL": URL,
            "JORNADA_MESSAGING_PER_MINUTE": "100000",
        },
    )
    lock = threading.Lock()
    acknowledged: list[str] = []
    reports_acknowledged = 0
    retried = 0  # messages sent more than once
    duplicates = 0  # retries answered as already handled: processed before the kill, not acknowledged
    timings: list[float] = []
    deadline = float("inf")  # set once the server is back

    def deliver(index: int, sid: str, body: str) -> None:
        nonlocal reports_acknowledged, retried, duplicates
        params = {
            "MessageSid": sid,
            "AccountSid": "AC" + "0" * 32,
            "From": f"+5255000{index:05d}",
            "To": "+15005550006",
            "Body": body,
            "NumMedia": "0",
        }
        encoded = urllib.parse.urlencode(params)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": validator.compute_signature(URL, params),
            "Host": "testserver",
        }
        pause, attempts = 0.25, 0
        while True:
            attempts += 1
            began = time.monotonic()
            try:
                link = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
                link.request("POST", "/messaging/twilio/", body=encoded, headers=headers)
                response = link.getresponse()
                answer = response.read()
                link.close()
                if response.status == 200:
                    break
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(pause)
            pause = min(pause * 2, 4.0)
        with lock:
            acknowledged.append(sid)
            if attempts == 1:
                timings.append(time.monotonic() - began)
            else:
                retried += 1
                duplicates += b"<Message>" not in answer
            if body == ROUND[LAST]:
                reports_acknowledged += 1

    def conversation(index: int) -> None:
        time.sleep(index * THINK / CLIENTS)
        sent = 0
        while time.monotonic() < deadline:
            deliver(index, f"SMrestart{index:04d}{sent:08d}", ROUND[sent % len(ROUND)])
            sent += 1
            time.sleep(THINK)

    server.start()
    try:
        threads = [threading.Thread(target=conversation, args=(index,)) for index in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(KILL_AFTER)
        with lock:
            before_kill = len(acknowledged)
        server.kill()
        time.sleep(DOWN)
        restarting = time.monotonic()
        server.start()
        restarted = time.monotonic() - restarting
        deadline = time.monotonic() + AFTER
        for thread in threads:
            thread.join()
    finally:
        server.stop()

    seen = set(SeenMessage.objects.values_list("digest", flat=True))
    lost = [sid for sid in acknowledged if message_digest("twilio", sid) not in seen]
    reports = ScamReport.objects.count() - reports_before
    vendor = connection.vendor
    return (
        header(f"Inbound messages through a SIGKILL and restart, {CLIENTS} conversations ({vendor})")
        + f"\n{len(acknowledged)} messages acknowledged ({before_kill} before the kill); killed at "
        f"{KILL_AFTER:.0f} s, down {DOWN:.0f} s, then {restarted:.1f} s for gunicorn to answer again, "
        f"{AFTER:.0f} s more load; {retried} sent again by the clients, "
        f"{duplicates} of them already handled before the kill (answered once, not twice)\n"
        f"acknowledged without their dedupe record (lost): **{len(lost)}**\n"
        f"reports: {reports} stored for {reports_acknowledged} acknowledged last answers "
        f"(lost {max(0, reports_acknowledged - reports)}, made twice {max(0, reports - reports_acknowledged)})\n"
        f"first-attempt answers: {summary_ms(timings)}\n"
    )
