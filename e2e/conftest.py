"""Browser tests against a real Jornada server (gunicorn, production settings over plain HTTP).

Playwright drives Debian's Chromium (/usr/bin/chromium); nothing is downloaded at test time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("JORNADA_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


_used_steps: set[int] = set()


@dataclass(frozen=True)
class Server:
    url: str
    email: str
    password: str
    totp_key_hex: str

    def totp(self) -> str:
        """A code as an authenticator app shows it (RFC 6238, 30 s, 6 digits, SHA-1).

        A code is accepted once only, so a second sign-in waits for the next 30-second step.
        """
        while (step := int(time.time()) // 30) in _used_steps:
            time.sleep(1)
        _used_steps.add(step)
        counter = struct.pack(">Q", step)
        digest = hmac.new(bytes.fromhex(self.totp_key_hex), counter, hashlib.sha1).digest()
        offset = digest[-1] & 0x0F
        number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
        return f"{number % 1_000_000:06d}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("jornada-e2e")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(data),
        "JORNADA_DATA_DIR": str(data),
        "JORNADA_SECRET_KEY": "e2e-only-secret-key-" + "x" * 40,
        "JORNADA_HTTPS": "false",
        "JORNADA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JORNADA_BASE_URL": "http://127.0.0.1",
        "JORNADA_TASKS": "immediate",
        # Requests for help and cases are sealed under organisation keys wrapped by this one.
        "JORNADA_CASE_KEY": base64.urlsafe_b64encode(b"e2e-only-case-key-0123456789abcd").decode(),
    }
    jornada = str(BIN / "jornada")
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["load_rights_content", "--no-audio"],  # rights: the launch articles (voices are tested elsewhere)
    ):
        subprocess.run([jornada, *command], env=env, check=True, capture_output=True, cwd=ROOT)
    demo = subprocess.run(
        [jornada, "demo_data", "--allow-production", "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    login = json.loads(demo.stdout.strip().splitlines()[-1])
    port = _free_port()
    log = open(data / "server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:jornada.gunicorn", "jornada.wsgi"],
        env={
            **env,
            "JORNADA_BIND": f"127.0.0.1:{port}",
            "JORNADA_WEB_WORKERS": "2",
            "JORNADA_BASE_URL": f"http://127.0.0.1:{port}",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((data / "server.log").read_text()) from None
            time.sleep(0.2)
    yield Server(url, login["email"], login["password"], login["totp_key_hex"])
    process.terminate()
    process.wait(timeout=30)
    log.close()
    server_log = (data / "server.log").read_text()
    # The access log must never hold a client address.
    assert "127.0.0.1 " not in server_log.replace(f"127.0.0.1:{port}", "")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make e2e`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="es-MX")
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    """A page in a browser with JavaScript turned off, as on many cheap phones' data-saver modes."""
    context = browser.new_context(java_script_enabled=False, locale="es-MX")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core not installed at {AXE}: run `make e2e` (npm ci in e2e/)")
    return AXE.read_text()


def b32(key_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(key_hex)).decode()


def sign_in(page: Page, server: Server) -> None:
    """Sign in as the demo staff member, second factor included, and land on the staff home."""
    page.goto(server.url + "/es/staff/")
    page.get_by_label("Correo electrónico").fill(server.email)
    page.get_by_label("Contraseña").fill(server.password)
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Código").fill(server.totp())
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hola, Ana Demo")


def wait_until_kept(page: Page, path: str, *, worker: str = "") -> None:
    """Wait until a service worker (the one at ``worker``, when given) controls the page and has ``path`` cached.

    The cache is polled inside the page: ``wait_for_function`` does not await a promise (any
    promise is truthy), so it would return before the worker's ``cache.add`` had finished.
    """
    page.wait_for_function(
        """worker => navigator.serviceWorker.controller !== null
            && (!worker || navigator.serviceWorker.controller.scriptURL.endsWith(worker))""",
        arg=worker,
        timeout=20_000,
    )
    kept = page.evaluate(
        """async path => {
            const deadline = Date.now() + 20000;
            while (Date.now() < deadline) {
                if (await caches.match(path)) return true;
                await new Promise(resolve => setTimeout(resolve, 100));
            }
            return false;
        }""",
        path,
    )
    assert kept, f"the service worker never kept {path}"
