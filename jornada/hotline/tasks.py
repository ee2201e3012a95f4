"""Background work for the hotline: telling a worker their callback is scheduled, texting a caller an article.

The task takes an id only: the task table never holds a number or an address. A failed send is
logged without the number (``describe_error``) and not retried: the callback happens anyway.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django_tasks import task

from jornada.alerts.sms import SmsError, send_sms
from jornada.core.mail import describe_error, send_mail_scrubbed
from jornada.hotline.keys import record_key_unwrap, sealed_get
from jornada.hotline.models import ArticleSms, Call, CallbackRequest, CallbackStatus, NoticeChannel
from jornada.rights import selectors as rights_selectors

logger = logging.getLogger(__name__)
# The summary texted with an article: a few SMS parts at most, the link carries the rest.
SUMMARY_CHARS = 600


@task()
def send_callback_notice(*, callback_id: int) -> None:
    """Send the worker the hours of their callback, by the channel they chose."""
    callback = (
        CallbackRequest.objects.filter(pk=callback_id, status=CallbackStatus.WAITING, data_key__isnull=False)
        .select_related("hotline")
        .first()
    )
    if callback is None or callback.notice_channel == NoticeChannel.NONE:
        return
    contact = sealed_get(callback, record_key_unwrap(callback), "notice_contact")
    if not contact:
        return
    zone = callback.hotline.zone()
    with translation.override("en" if callback.language == "en" else "es"):
        body = _("%(hotline)s will call you on %(day)s between %(start)s and %(end)s.") % {
            "hotline": callback.hotline.name,
            "day": formats.date_format(callback.window_start.astimezone(zone).date(), "DATE_FORMAT"),
            "start": callback.window_start.astimezone(zone).strftime("%H:%M"),
            "end": callback.window_end.astimezone(zone).strftime("%H:%M"),
        }
        subject = _("Your callback is scheduled")
    try:
        if callback.notice_channel == NoticeChannel.SMS:
            send_sms(contact, body)
        else:
            send_mail_scrubbed(subject, body, [contact])
    except Exception as error:
        logger.warning("callback notice %s failed: %s", callback_id, describe_error(error, contact))


def _article_page(slug: str, language: str) -> rights_selectors.ArticlePage | None:
    for attempt in dict.fromkeys((language, "es", "en")):
        try:
            return rights_selectors.article_page_or_404(slug=slug, language=attempt)
        except Http404:
            continue
    return None


@task()
def send_call_article(*, call_id: int) -> None:
    """Text the caller the article the operator named: its title, plain summary and link; record the result.

    The number is the one sealed on the call (the caller agreed to be called back); a number that
    asked to stop is refused by ``send_sms`` and the call records the message as not sent.
    """
    call = Call.objects.filter(pk=call_id, article_sms=ArticleSms.QUEUED, data_key__isnull=False).first()
    if call is None:
        return
    number = sealed_get(call, record_key_unwrap(call), "caller_number")
    language = "en" if call.language == "en" else "es"
    page = _article_page(call.article_slug, language)
    if not number or page is None:
        Call.objects.filter(pk=call_id).update(
            article_sms=ArticleSms.NO_NUMBER if not number else ArticleSms.NOT_FOUND
        )
        return
    link = settings.JORNADA_BASE_URL + rights_selectors.article_path(page.article, page.translation.language)
    body = f"{page.translation.title}\n{page.translation.summary[:SUMMARY_CHARS]}".strip() + f"\n{link}"
    try:
        send_sms(number, body)
    except SmsError as error:
        logger.warning("call article %s not sent (error %s)", call_id, error.code or "error")
        Call.objects.filter(pk=call_id).update(article_sms=ArticleSms.FAILED)
        return
    Call.objects.filter(pk=call_id).update(article_sms=ArticleSms.SENT)
