"""LLÁMAME / CALL ME: asking a hotline to call back, by text message.

The questions of the hotline's web form, one at a time and numbered: which line (only when
several take callbacks), when (windows within the line's hours, in its time zone), in which
language, and whether a message may be left. The request is made by the hotline's own service
(``callback_request``), which seals the sender's number exactly as for the web form; the
conversation's answers hold the line, the windows and the choices, never the number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from jornada.hotline import selectors as hotline_selectors
from jornada.hotline.models import Hotline
from jornada.hotline.services import CallbackAnswers, callback_request
from jornada.messaging import texts
from jornada.messaging.keywords import NO_WORDS, YES_WORDS, fold, number_choice
from jornada.vocabulary.languages import language_key, language_name

if TYPE_CHECKING:
    from jornada.messaging.flows import Turn

FLOW = "callback"
# Lines offered by number; a deployment with more shows the first ones by name.
MAX_LINES = 9


def _numbered(options: list[str]) -> str:
    return "\n".join(f"{index} {option}" for index, option in enumerate(options, start=1))


def _hotline(turn: Turn) -> Hotline | None:
    return hotline_selectors.hotlines_taking_callbacks().filter(pk=int(turn.answers["hotline"])).first()


def _window_label(window: list[str]) -> str:
    day, start, end = window
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": formats.date_format(dt.date.fromisoformat(day), "l j F"),
        "start": start,
        "end": end,
    }


def _language_labels(turn: Turn) -> list[str]:
    return [language_name(key, turn.conversation.language) for key in turn.answers["languages"]]


def callback_question(turn: Turn) -> str:
    """Return the question of the callback flow's current step."""
    step = turn.conversation.step
    if step == "line":
        return (
            _("Ask a hotline to call you back. MENU to leave.\nWhich line? Reply with a number:")
            + "\n"
            + _numbered([name for _pk, name in turn.answers["hotlines"]])
        )
    if step == "when":
        return (
            _(
                "%(hotline)s: when may we call you? Times are in %(zone)s. MENU to leave.\nReply with a number:"
            )
            % {"hotline": turn.answers["hotline_name"], "zone": turn.answers["zone"]}
            + "\n"
            + _numbered([_window_label(window) for window in turn.answers["windows"]])
        )
    if step == "language":
        return _("In which language? Reply with a number:") + "\n" + _numbered(_language_labels(turn))
    return _("If you do not answer, may we leave a message?\n1 Yes\n2 No, do not leave a message")


def callback_start(turn: Turn) -> None:
    """Start the flow: with one line taking callbacks go straight to when, with several ask which."""
    lines = list(hotline_selectors.hotlines_taking_callbacks()[:MAX_LINES])
    if not lines:
        turn.say(_("No hotline takes callback requests by text message yet."), texts.urgent())
        return
    if len(lines) == 1:
        _line_chosen(turn, lines[0])
        return
    turn.answers["hotlines"] = [[line.pk, line.name] for line in lines]
    turn.go(FLOW, "line")
    turn.say(callback_question(turn))


def _line_chosen(turn: Turn, hotline: Hotline) -> None:
    windows = hotline_selectors.callback_windows(hotline=hotline)
    if not windows:
        turn.end()
        turn.say(
            _("%(hotline)s has no opening hours in the coming days to call you back.")
            % {"hotline": hotline.name},
            texts.menu(),
        )
        return
    turn.answers.pop("hotlines", None)
    turn.answers.update(
        hotline=hotline.pk,
        hotline_name=hotline.name,
        zone=hotline.time_zone,
        windows=[
            [window.day.isoformat(), window.start.strftime("%H:%M"), window.end.strftime("%H:%M")]
            for window in windows
        ],
        # The line's languages; a line that names none is asked in the conversation's language.
        languages=list(dict.fromkeys(hotline.languages or [turn.conversation.language])),
    )
    turn.go(FLOW, "when")
    turn.say(callback_question(turn))


def _choice(turn: Turn, text: str, count: int, other_command: Callable[[Turn, str], bool]) -> int | None:
    chosen = number_choice(text, count)
    if chosen is None and not other_command(turn, text):
        turn.say(callback_question(turn))
    return chosen


def callback_step(turn: Turn, text: str, other_command: Callable[[Turn, str], bool]) -> None:
    """Take the answer to the current question and ask the next (``other_command`` may leave the flow)."""
    step = turn.conversation.step
    if step == "line":
        chosen = _choice(turn, text, len(turn.answers["hotlines"]), other_command)
        if chosen is None:
            return
        hotline = (
            hotline_selectors.hotlines_taking_callbacks()
            .filter(pk=turn.answers["hotlines"][chosen - 1][0])
            .first()
        )
        if hotline is None:
            turn.end()
            turn.say(_("That line no longer takes callback requests."), texts.menu())
            return
        _line_chosen(turn, hotline)
    elif step == "when":
        chosen = _choice(turn, text, len(turn.answers["windows"]), other_command)
        if chosen is None:
            return
        turn.answers["window"] = turn.answers["windows"][chosen - 1]
        if len(turn.answers["languages"]) == 1:
            turn.answers["language"] = turn.answers["languages"][0]
            turn.go(FLOW, "message")
        else:
            turn.go(FLOW, "language")
        turn.say(callback_question(turn))
    elif step == "language":
        keys = turn.answers["languages"]
        chosen = number_choice(text, len(keys))
        written = language_key(text) if fold(text) else ""
        if chosen is None and written not in keys:
            if not other_command(turn, text):
                turn.say(callback_question(turn))
            return
        turn.answers["language"] = keys[chosen - 1] if chosen else written
        turn.go(FLOW, "message")
        turn.say(callback_question(turn))
    else:
        folded = fold(text)
        choice = number_choice(text, 2) or (1 if folded in YES_WORDS else 2 if folded in NO_WORDS else None)
        if choice is None:
            turn.say(callback_question(turn))
            return
        _submit(turn, may_leave_message=choice == 1)


def _submit(turn: Turn, *, may_leave_message: bool) -> None:
    hotline = _hotline(turn)
    day, start, end = turn.answers["window"]
    language = turn.answers["language"]
    turn.end()
    if hotline is None:
        turn.say(_("That line no longer takes callback requests."), texts.menu())
        return
    try:
        callback = callback_request(
            hotline=hotline,
            answers=CallbackAnswers(
                day=dt.date.fromisoformat(day),
                from_time=dt.time.fromisoformat(start),
                until_time=dt.time.fromisoformat(end),
                language=language_name(language, "es"),
                number=turn.number,
                may_leave_message=may_leave_message,
            ),
        )
    except ValidationError as error:
        turn.say(
            _("Your callback request could not be kept: %(problems)s")
            % {"problems": " ".join(error.messages)},
            _("Write CALL ME to try again."),
        )
        return
    zone = hotline.zone()
    turn.say(
        _("%(hotline)s will call you on %(day)s between %(start)s and %(end)s.")
        % {
            "hotline": hotline.name,
            "day": formats.date_format(callback.window_start.astimezone(zone).date(), "l j F"),
            "start": callback.window_start.astimezone(zone).strftime("%H:%M"),
            "end": callback.window_end.astimezone(zone).strftime("%H:%M"),
        }
        + " "
        + (_("Times are in %(zone)s.") % {"zone": hotline.time_zone})
        + " "
        + (
            _("If you do not answer, they may leave a message.")
            if may_leave_message
            else _("If you do not answer, they will not leave a message.")
        ),
    )
