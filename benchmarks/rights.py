"""The rights library: article page weight, audio bytes per minute, time to make every PDF."""

from __future__ import annotations

import statistics
import time

from benchmarks.common import configure, header


def run() -> str:
    configure()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from jornada.core.pagebudget import page_weight
    from jornada.rights import audio, printable, selectors
    from jornada.rights.models import ArticleTranslation, Status, launch_languages

    started = time.perf_counter()
    call_command("load_rights_content", verbosity=0)  # immediate tasks: voices are made here
    load_seconds = time.perf_counter() - started
    texts = list(
        ArticleTranslation.objects.filter(article__status=Status.PUBLISHED, language__in=launch_languages())
        .select_related("article")
        .order_by("article__order", "language")
    )
    budget = settings.JORNADA_PAGE_BUDGET_BYTES
    client = Client()
    lines = [header("Rights library")]

    weights = []
    for text in texts:
        url = selectors.article_path(text.article, text.language)
        weights.append((page_weight(client.get(url).content), url))
    totals = [weight.total for weight, _url in weights]
    heaviest, heaviest_url = max(weights, key=lambda row: row[0].total)
    lines += [
        f"**Article page, first render (HTML + CSS, gzip 6)**, {len(weights)} pages (every article x language):",
        "",
        "| | HTML | CSS | total | budget |",
        "|---|---|---|---|---|",
        f"| median | {statistics.median(w.html_gzip for w, _ in weights):.0f} B | {heaviest.stylesheets_gzip} B | "
        f"{statistics.median(totals):.0f} B | {budget} B |",
        f"| max ({heaviest_url}) | {heaviest.html_gzip} B | {heaviest.stylesheets_gzip} B | {heaviest.total} B | "
        f"{'ok' if heaviest.within_budget() else 'OVER'} |",
        "",
    ]
    for language in launch_languages():
        from django.utils import translation

        with translation.override(language):
            for name in ("rights:index", "rights:search"):
                from django.urls import reverse

                url = reverse(name)
                weight = page_weight(client.get(url).content)
                lines.append(
                    f"- {url}: {weight.total} B ({weight.html_gzip} B HTML + {weight.stylesheets_gzip} B CSS)"
                )
    lines.append("")

    voiced = [text for text in texts if text.audio]
    if voiced:
        rates = [text.audio_kb_per_minute() or 0.0 for text in voiced]
        minutes = sum(text.audio_duration_seconds or 0 for text in voiced) / 60
        size = sum(text.audio_bytes or 0 for text in voiced)
        lines += [
            f"**Audio** (espeak-ng, {audio.SPEECH_RATE_WPM} words/min, Opus {audio.BITRATE}bit/s mono in Ogg), "
            f"{len(voiced)} recordings, {minutes:.1f} minutes, {size / 1024:.0f} KB in all:",
            "",
            f"- KB per minute: min {min(rates):.1f} · median {statistics.median(rates):.1f} · max {max(rates):.1f} "
            f"(target at most {audio.MAX_KB_PER_MINUTE})",
            f"- length: {min(t.audio_duration_seconds or 0 for t in voiced):.0f}-"
            f"{max(t.audio_duration_seconds or 0 for t in voiced):.0f} s per article",
            f"- loading the content and making all the voices: {load_seconds:.1f} s",
            "",
        ]
    else:
        problems = sorted({text.audio_problem for text in texts})
        lines += [f"**Audio**: no voices made here ({', '.join(problems)}).", ""]

    started = time.perf_counter()
    durations = []
    for text in texts:
        one = time.perf_counter()
        printable.render_pdf(text, site="https://jornada.example.org")
        durations.append(time.perf_counter() - one)
    elapsed = time.perf_counter() - started
    lines += [
        f"**Printables**: all {len(texts)} PDFs (every article x language) made in {elapsed:.1f} s "
        f"(median {statistics.median(durations):.2f} s, max {max(durations):.2f} s each, "
        "including the retries at smaller type that fit an article on one page).",
    ]
    return "\n".join(lines)
