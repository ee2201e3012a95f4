"""A conversation's turns: from a message and where the conversation stands, to the replies.

Each flow (look-up, report, rights, follow, help) asks one question at a time; ``Turn`` carries
the conversation, its decrypted answers and the sender's number (never stored by a flow, except
where the worker asks for it: a follow, or a request for help they want answered by text).
MENU, the language words and URGENTE work from anywhere; a choice that is not on the list may
start another command; anything else unknown gets the menu.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jornada.alerts import identifiers as ids
from jornada.alerts import selectors as alerts_selectors
from jornada.alerts.models import MAX_AMOUNT, Channel, Paid
from jornada.alerts.services import follow_confirm, follow_subscribe, report_submit
from jornada.cases.models import ContactChannel
from jornada.contributions.receipts import normalise_receipt_code
from jornada.intake.models import Whereabouts
from jornada.intake.services import IntakeAnswers, intake_submit
from jornada.messaging import texts
from jornada.messaging.callback_flow import callback_question, callback_start, callback_step
from jornada.messaging.keywords import (
    MENU_ORDER,
    NO_WORDS,
    SKIP_WORDS,
    YES_WORDS,
    Command,
    fold,
    number_choice,
    parse,
)
from jornada.messaging.models import ChannelKind, Conversation
from jornada.rights import selectors as rights_selectors

MAX_OPTIONS = 6
MAX_SHORT = 200
_AMOUNT = re.compile(r"\d[\d.,]*")
_CURRENCIES = (
    (("USD", "DOLAR", "DOLARES", "DLLS", "DLS", "DOLLAR", "DOLLARS"), "USD"),
    (("MXN", "PESO", "PESOS"), "MXN"),
    (("GTQ", "QUETZAL", "QUETZALES"), "GTQ"),
    (("HNL", "LEMPIRA", "LEMPIRAS"), "HNL"),
)


@dataclass
class Turn:
    conversation: Conversation
    answers: dict[str, Any]
    number: str
    replies: list[str] = field(default_factory=list)

    def say(self, *messages: str) -> None:
        self.replies += [texts.fit(message) for message in messages if message]

    def go(self, flow: str, step: str) -> None:
        self.conversation.flow, self.conversation.step = flow, step

    def end(self) -> None:
        self.conversation.flow, self.conversation.step = "", ""
        self.answers.clear()

    def whatsapp(self) -> bool:
        """Return True when the worker writes by WhatsApp (Cloud API or Twilio's)."""
        return ChannelKind(self.conversation.channel).is_whatsapp()


def respond(turn: Turn, text: str) -> None:
    """Answer one text message; the turn's conversation and answers are updated in place."""
    conversation = turn.conversation
    parsed = parse(text)
    if parsed.command in (Command.ENGLISH, Command.SPANISH) and not parsed.rest:
        conversation.language = "en" if parsed.command == Command.ENGLISH else "es"
        with translation.override(conversation.language):
            if conversation.flow:
                turn.say(_ask(turn))
            else:
                turn.say(texts.menu())
        return
    with translation.override(conversation.language):
        if parsed.command == Command.MENU and not parsed.rest:
            if conversation.flow:
                turn.say(texts.left_flow())
            turn.end()
            turn.say(texts.menu())
        elif parsed.command == Command.URGENT and not parsed.rest:
            turn.say(texts.urgent())
        elif conversation.flow:
            STEPS[conversation.flow](turn, text)
        else:
            _top(turn, text)


def _top(turn: Turn, text: str) -> None:
    parsed = parse(text)
    chosen = number_choice(text, len(MENU_ORDER))
    command = MENU_ORDER[chosen - 1] if chosen else parsed.command
    if command is None:
        if normalise_receipt_code(text) is not None and _confirm_follow(turn, text):
            return
        turn.say(texts.not_understood())
        return
    _start(turn, command, parsed.rest if not chosen else "")


def _start(turn: Turn, command: Command, rest: str) -> None:
    turn.end()
    if command == Command.URGENT:
        turn.say(texts.urgent())
    elif command == Command.MENU:
        turn.say(texts.menu())
    elif command == Command.LOOKUP:
        if rest:
            _lookup_answer(turn, rest)
        else:
            turn.go("lookup", "query")
            turn.say(_ask(turn))
    elif command == Command.RIGHTS:
        _rights_start(turn)
    elif command == Command.REPORT:
        turn.go("report", "who")
        turn.say(_ask(turn))
    elif command == Command.FOLLOW:
        if rest:
            _follow_target(turn, rest)
        else:
            turn.go("follow", "target")
            turn.say(_ask(turn))
    elif command == Command.HELP:
        turn.go("help", "what")
        turn.say(_ask(turn))
    elif command == Command.CALLBACK:
        callback_start(turn)
    else:  # the language words carry a name or number after them: not a command
        turn.say(texts.not_understood())


def _other_command(turn: Turn, text: str) -> bool:
    """In a choice step, a reply that is another command starts it; return True if it did."""
    parsed = parse(text)
    if parsed.command is None or parsed.command in (Command.ENGLISH, Command.SPANISH):
        return False
    turn.say(texts.left_flow())
    _start(turn, parsed.command, parsed.rest)
    return True


def _short(text: str) -> str:
    return "" if fold(text) in SKIP_WORDS else " ".join(text.split())[:MAX_SHORT]


# --- Questions ----------------------------------------------------------------------------------


def _numbered(options: list[str]) -> str:
    return "\n".join(f"{index} {option}" for index, option in enumerate(options, start=1))


def _ask(turn: Turn) -> str:
    """Return the question of the conversation's current step."""
    flow, step = turn.conversation.flow, turn.conversation.step
    if flow == "callback":
        return callback_question(turn)
    if (flow, step) == ("lookup", "query"):
        return _("Write the name of the recruiter or employer, or the phone number they used.")
    if (flow, step) == ("rights", "topic"):
        return _("Your rights. Reply with a number:") + "\n" + _numbered(_topic_labels(turn))
    if (flow, step) == ("rights", "article"):
        return (
            _("Reply with a number:") + "\n" + _numbered([title for _slug, title in turn.answers["articles"]])
        )
    if flow == "report":
        return {
            "who": _(
                "Report a fraud. It is anonymous: your number is not kept with it. Reply 0 to skip a "
                "question, MENU to leave.\n1/5 Who contacted you? Their name or company."
            ),
            "where": _("2/5 Which phone number, Facebook page or website did they use?"),
            "what": _("3/5 What did they ask you for? (money for the visa, a deposit, your papers…)"),
            "amount": _(
                "4/5 How much money did they ask for, and in which currency? (for example 5000 pesos)"
            ),
            "paid": _("5/5 Did you pay?\n1 Yes\n2 No\n3 Part of it"),
        }[step]
    if (flow, step) == ("follow", "target"):
        return _(
            "What do you want to follow? Write the name of a recruiter or employer, or a phone number: "
            "you will get a text message when something new is published about it."
        )
    if (flow, step) == ("follow", "choose"):
        return (
            _("Which one? Reply with a number:")
            + "\n"
            + _numbered([opt[2] for opt in turn.answers["options"]])
        )
    if (flow, step) == ("follow", "confirm"):
        return _("Reply with the code you received by text message to start following.")
    if flow == "help":
        return {
            "what": _(
                "Ask for help. An organisation that defends workers will read it; nothing is public. "
                "MENU to leave.\n1/3 What happened? Tell it in a few words."
            ),
            "where": _("2/3 Where are you now?")
            + "\n"
            + _numbered([str(label) for label in Whereabouts.labels]),
            "contact": _(
                "3/3 May the organisation answer you by message at this number?\n1 Yes\n2 No, do not contact me"
            ),
        }[step]
    return texts.menu()


# --- Look-up ------------------------------------------------------------------------------------


def _years(years: list[int]) -> str:
    return ", ".join(str(year) for year in sorted(set(years), reverse=True)[:6])


def _lookup_answer(turn: Turn, query: str) -> None:
    result = alerts_selectors.lookup(query[:MAX_SHORT])
    lines = []
    if result.warnings:
        names = "; ".join(match.report.headline() for match in result.warnings[:3])
        lines.append(
            ngettext(
                "WARNING: %(count)d scam warning matches: %(names)s.",
                "WARNING: %(count)d scam warnings match: %(names)s.",
                len(result.warnings),
            )
            % {"count": len(result.warnings), "names": names}
        )
    else:
        lines.append(_("No published scam warning matches it. That alone does not mean it is safe."))
    for recruiter in result.recruiters[:2]:
        years = [year for client in recruiter.clients for year in client.years]
        if years:
            lines.append(
                _("%(name)s is a recruiter in the US Department of Labor records, in %(years)s.")
                % {"name": recruiter.name, "years": _years(years)}
            )
        else:
            lines.append(_("%(name)s is in the US Department of Labor records.") % {"name": recruiter.name})
    for employer in result.employers[:2]:
        if employer.certified_years:
            lines.append(
                _("%(name)s had jobs certified by the US Department of Labor in %(years)s.")
                % {"name": employer.name, "years": _years([year for year, _n in employer.certified_years])}
            )
        else:
            lines.append(
                _("%(name)s is in the Department of Labor records, with no certified jobs.")
                % {"name": employer.name}
            )
    if result.query.kind == ids.Kind.NAME and not (result.recruiters or result.employers):
        lines.append(_("Nobody by that name is in the US Department of Labor records."))
    link = texts.absolute(reverse("alerts:lookup")) + "?" + _query_string(query)
    turn.say("\n".join(lines), f"{result.red_flags[0].text}\n" + _("More: %(link)s") % {"link": link})
    turn.end()


def _query_string(query: str) -> str:
    return urlencode({"q": query[:MAX_SHORT]})


# --- Rights -------------------------------------------------------------------------------------


def _topic_labels(turn: Turn) -> list[str]:
    return [label for _code, label in turn.answers["topics"]]


def _rights_start(turn: Turn) -> None:
    groups = rights_selectors.library_index(language=turn.conversation.language)
    if not groups:
        turn.say(_("The rights library has no articles in this language yet."))
        return
    turn.answers["topics"] = [(group.code, group.label) for group in groups]
    turn.go("rights", "topic")
    turn.say(_ask(turn))


def _rights_topic(turn: Turn, text: str) -> None:
    chosen = number_choice(text, len(turn.answers["topics"]))
    if chosen is None:
        if not _other_command(turn, text):
            turn.say(_ask(turn))
        return
    code = turn.answers["topics"][chosen - 1][0]
    try:
        group = rights_selectors.topic_or_404(topic=code, language=turn.conversation.language)
    except Http404:
        turn.say(_ask(turn))
        return
    if len(group.entries) == 1:
        _article(turn, group.entries[0].article.slug)
        return
    turn.answers["articles"] = [(entry.article.slug, entry.translation.title) for entry in group.entries][
        :MAX_OPTIONS
    ]
    turn.go("rights", "article")
    turn.say(_ask(turn))


def _rights_article(turn: Turn, text: str) -> None:
    chosen = number_choice(text, len(turn.answers["articles"]))
    if chosen is None:
        if not _other_command(turn, text):
            turn.say(_ask(turn))
        return
    _article(turn, turn.answers["articles"][chosen - 1][0])


def _article(turn: Turn, slug: str) -> None:
    """The article's plain summary in at most three messages: title and summary, text, links."""
    try:
        page = rights_selectors.article_page_or_404(slug=slug, language=turn.conversation.language)
    except Http404:
        turn.end()
        turn.say(_("That article is no longer published."), texts.menu())
        return
    translation_ = page.translation
    links = [
        _("Read it all: %(link)s")
        % {"link": texts.absolute(rights_selectors.article_path(page.article, translation_.language))}
    ]
    if page.audio_url:
        links.append(_("Listen: %(link)s") % {"link": texts.absolute(page.audio_url)})
    turn.say(
        f"{translation_.title}\n{translation_.summary}".strip(),
        texts.fit(texts.plain(translation_.body_markdown), 600),
        "\n".join(links),
    )
    turn.end()


# --- Report -------------------------------------------------------------------------------------

_REPORT_NEXT = {"who": "where", "where": "what", "what": "amount", "amount": "paid"}


def _amount(text: str) -> tuple[Decimal | None, str]:
    folded = fold(text)
    currency = next((code for words, code in _CURRENCIES if set(folded.split()) & set(words)), "")
    if "$" in text and not currency:
        currency = "MXN" if "PESO" in folded else ""
    match = _AMOUNT.search(text)
    if not match:
        return None, currency
    digits = match.group().replace(",", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):  # 5.000 written the Mexican way
        digits = digits.replace(".", "")
    try:
        value = Decimal(digits.rstrip("."))
    except InvalidOperation:
        return None, currency
    return (value if 0 <= value <= MAX_AMOUNT else None), currency


def _where(text: str) -> dict[str, str]:
    value = _short(text)
    if not value:
        return {}
    if ids.looks_like_phone(value):
        return {"contact_phone": value[:60]}
    if "FACEBOOK" in fold(value) or "FB " in fold(value) + " ":
        return {"contact_facebook": value}
    return {"contact_website": value}


def _paid(text: str) -> str | None:
    folded = fold(text)
    choice = number_choice(text, 3)
    if choice:
        return (Paid.YES, Paid.NO, Paid.PART)[choice - 1]
    if folded in YES_WORDS:
        return Paid.YES
    if folded in NO_WORDS:
        return Paid.NO
    if folded.split() and folded.split()[0] in ("PARTE", "PART", "ALGO", "SOME"):
        return Paid.PART
    if folded in SKIP_WORDS:
        return ""
    return None


def _report_step(turn: Turn, text: str) -> None:
    step = turn.conversation.step
    answers = turn.answers
    if step == "who":
        answers["contact_name"] = _short(text)
    elif step == "where":
        answers.update(_where(text))
    elif step == "what":
        answers["asked_for"] = _short(text)
    elif step == "amount":
        value, currency = _amount(text) if fold(text) not in SKIP_WORDS else (None, "")
        if value is not None:
            answers["asked_amount"] = str(value)
            answers["asked_currency"] = currency
    elif step == "paid":
        paid = _paid(text)
        if paid is None:
            turn.say(_ask(turn))
            return
        answers["paid"] = paid
        _report_submit(turn)
        return
    turn.go("report", _REPORT_NEXT[step])
    turn.say(_ask(turn))


def _report_submit(turn: Turn) -> None:
    answers = {name: value for name, value in turn.answers.items() if value not in ("", None)}
    if not set(answers) - {"paid"}:
        turn.end()
        turn.say(_("Nothing was reported, so nothing was kept."))
        return
    if "asked_amount" in answers:
        answers["asked_amount"] = Decimal(answers["asked_amount"])
    try:
        submitted = report_submit(answers=answers)
    except ValidationError:
        turn.end()
        turn.say(_("The report could not be kept. Try again from the web page, or write REPORT."))
        return
    turn.end()
    link = texts.absolute(reverse("alerts:receipt"))
    turn.say(
        _(
            "Thank you. Your report will be checked before it is published as a warning. Your "
            "receipt code is %(code)s: keep it to change or withdraw the report at %(link)s"
        )
        % {"code": submitted.receipt_code, "link": link}
    )


# --- Follow -------------------------------------------------------------------------------------


def _follow_target(turn: Turn, text: str) -> None:
    query = ids.understand(text[:MAX_SHORT])
    options: list[tuple[str, str, str]] = []
    if query.kind == ids.Kind.PHONE:
        options = [
            ("phone", value, ids.international(value)) for value in query.values if value.startswith("+")
        ]
    elif query.kind == ids.Kind.NAME and query.values:
        options = [
            ("recruiter", hit.slug, hit.name) for hit in alerts_selectors.matching_recruiters(query.text)
        ]
        options += [
            ("employer", hit.slug, hit.name) for hit in alerts_selectors.matching_employers(query.text, None)
        ]
    options = options[:MAX_OPTIONS]
    if not options:
        turn.go("follow", "target")
        turn.say(_("Nothing to follow was found for that. Write it another way, or MENU."))
        return
    if len(options) == 1:
        _follow_subscribe(turn, *options[0])
        return
    turn.answers["options"] = options
    turn.go("follow", "choose")
    turn.say(_ask(turn))


def _follow_choose(turn: Turn, text: str) -> None:
    chosen = number_choice(text, len(turn.answers["options"]))
    if chosen is None:
        if not _other_command(turn, text):
            turn.say(_ask(turn))
        return
    _follow_subscribe(turn, *turn.answers["options"][chosen - 1])


def _follow_subscribe(turn: Turn, kind: str, target: str, label: str) -> None:
    try:
        follow_subscribe(
            kind=kind,
            target=target,
            target_label=label,
            # Told the way it was asked: WhatsApp (Cloud API or Twilio's) or SMS.
            channel=turn.conversation.channel if turn.whatsapp() else Channel.SMS,
            contact=turn.number,
            language=turn.conversation.language,
            base_url=settings.JORNADA_BASE_URL,
        )
    except ValidationError as error:
        turn.end()
        turn.say(" ".join(error.messages))
        return
    turn.answers.clear()
    turn.answers["label"] = label
    turn.go("follow", "confirm")
    turn.say(
        _("You will receive a text message with a code. Reply with the code to start following %(name)s.")
        % {"name": label}
    )


def _confirm_follow(turn: Turn, text: str) -> bool:
    follow = follow_confirm(code=text)
    if follow is None:
        return False
    turn.end()
    turn.say(_("Done: you follow %(name)s. Reply STOP to end every follow.") % {"name": follow.target_label})
    return True


def _follow_step(turn: Turn, text: str) -> None:
    step = turn.conversation.step
    if step == "target":
        if not _other_command(turn, text):
            _follow_target(turn, text)
    elif step == "choose":
        _follow_choose(turn, text)
    elif not _confirm_follow(turn, text) and not _other_command(turn, text):
        turn.say(_("That code does not work. Reply with the code you received, or MENU."))


# --- Help (the intake's short form) -------------------------------------------------------------


def _help_step(turn: Turn, text: str) -> None:
    step = turn.conversation.step
    if step == "what":
        narrative = " ".join(text.split())
        if not narrative or not fold(narrative):
            turn.say(_ask(turn))
            return
        turn.answers["narrative"] = narrative
        turn.go("help", "where")
        turn.say(_ask(turn))
    elif step == "where":
        chosen = number_choice(text, len(Whereabouts.values))
        if chosen is None:
            if not _other_command(turn, text):
                turn.say(_ask(turn))
            return
        turn.answers["whereabouts"] = Whereabouts.values[chosen - 1]
        turn.go("help", "contact")
        turn.say(_ask(turn))
    else:
        folded = fold(text)
        choice = number_choice(text, 2) or (1 if folded in YES_WORDS else 2 if folded in NO_WORDS else None)
        if choice is None:
            turn.say(_ask(turn))
            return
        _help_submit(turn, by_text=choice == 1)


def _help_submit(turn: Turn, *, by_text: bool) -> None:
    conversation = turn.conversation
    channel = ContactChannel.NONE
    if by_text:
        channel = ContactChannel.WHATSAPP if turn.whatsapp() else ContactChannel.SMS
    answers = IntakeAnswers(
        whereabouts=turn.answers["whereabouts"],
        language="English" if conversation.language == "en" else "Español",
        narrative=turn.answers["narrative"],
        contact_channel=channel,
        contact=turn.number if by_text else "",
        consent_contact=by_text,
        any_organisation=True,
    )
    try:
        receipt = intake_submit(answers=answers)
    except ValidationError as error:
        turn.end()
        codes = {item.code for errors in error.error_dict.values() for item in errors}
        if "no_organisation" in codes:
            turn.say(_("No organisation on Jornada takes requests like this one yet, so nothing was kept."))
        else:
            turn.say(_("Your request could not be sent. Try again from the web page."))
        turn.say(texts.urgent())
        return
    turn.end()
    link = texts.absolute(reverse("intake:status"))
    turn.say(
        _(
            "Your request was sent. Your code is %(code)s: keep it to see the answer or add "
            "information at %(link)s. For an emergency, reply URGENT."
        )
        % {"code": receipt.code, "link": link}
    )


STEPS: dict[str, Callable[[Turn, str], None]] = {
    "lookup": lambda turn, text: _lookup_answer(turn, text) if fold(text) else turn.say(_ask(turn)),
    "rights": lambda turn, text: (_rights_topic if turn.conversation.step == "topic" else _rights_article)(
        turn, text
    ),
    "report": _report_step,
    "follow": _follow_step,
    "help": _help_step,
    "callback": lambda turn, text: callback_step(turn, text, _other_command),
}
