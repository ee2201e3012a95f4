"""First-render weight of every public page (HTML + stylesheets, gzip), in every language."""

from __future__ import annotations

from benchmarks.common import configure, header


def run() -> str:
    configure()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from jornada.core.pagebudget import page_weight
    from jornada.core.testing import routes

    call_command("demo_data", "--allow-production", "--json", stdout=open("/dev/null", "w"))  # noqa: SIM115
    lines = [
        header("Page weight (first render, gzip level 6)"),
        "| page | language | HTML | CSS | total | budget |",
        "|---|---|---|---|---|---|",
    ]
    client = Client()
    for route in routes():
        if route.audience != "public" or route.parameters:
            continue
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                url = reverse(route.name)
            weight = page_weight(client.get(url).content)
            verdict = "ok" if weight.within_budget() else "OVER"
            lines.append(
                f"| {url} | {language} | {weight.html_gzip} B | {weight.stylesheets_gzip} B | {weight.total} B | {verdict} |"
            )
    return "\n".join(lines)
