"""The service essentials linked from every page's footer: the accessibility statement, the privacy notice, the
cookies page and help. Anyone may read them, signed in or not.

What the pages say about the running service (who runs it, how to reach them, which cookies it sets and for how
long) is read from settings, so that the pages stay true when a council changes its configuration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.utils.module_loading import import_string
from django.views.generic import TemplateView

# When the accessibility statement was last reviewed; change it with the statement.
STATEMENT_PREPARED = dt.date(2026, 11, 23)

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY


def describe_duration(seconds: int) -> str:
    """A cookie lifetime in words: "2 weeks", "1 year", "8 hours", "90 minutes"."""
    if seconds >= 364 * DAY:
        years = round(seconds / (365 * DAY))
        return f"{years} year{'s' if years != 1 else ''}"
    for size, unit in ((WEEK, "week"), (DAY, "day"), (HOUR, "hour"), (MINUTE, "minute")):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def idle_timeout() -> str:
    """How long a signed-in session may go unused, in words, or "" when it is not limited."""
    seconds = getattr(settings, "SESSION_IDLE_TIMEOUT", 0)
    return describe_duration(seconds) if seconds else ""


def session_ends() -> str:
    """When a signed-in session ends, as the end of the sentence "Your signed-in session ends ..."."""
    endings = ["when you sign out"]
    if idle := idle_timeout():
        endings.append(f"after {idle} without using Beacon")
    if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
        endings.append("when you close your browser")
    else:
        endings.append(f"{describe_duration(settings.SESSION_COOKIE_AGE)} after you sign in")
    return ", ".join(endings[:-1]) + f" or {endings[-1]}, whichever comes first"


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    expires: str


def essential_cookies() -> list[Cookie]:
    """The cookies Beacon itself sets, as configured now. All are essential: none tracks or measures anyone."""
    if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
        session_expiry = "When you close your browser or sign out"
    else:
        session_expiry = f"{describe_duration(settings.SESSION_COOKIE_AGE).capitalize()} after you sign in, or when " \
                         "you sign out"
    session_purpose = "Keeps you signed in as you move from page to page"
    if idle := idle_timeout():
        session_purpose += f". You are signed out after {idle} without using Beacon"
    cookies = [Cookie(settings.SESSION_COOKIE_NAME, session_purpose, session_expiry)]
    if not settings.CSRF_USE_SESSIONS:
        cookies.append(Cookie(settings.CSRF_COOKIE_NAME,
                              "Protects the forms you send from being forged by another website",
                              f"After {describe_duration(settings.CSRF_COOKIE_AGE)}"))
    if _messages_use_a_cookie():
        cookies.append(Cookie(CookieStorage.cookie_name,
                              "Carries a short confirmation, such as “Project saved”, to the next page you see",
                              "As soon as the message has been shown to you, or when you close your browser"))
    return cookies


def _messages_use_a_cookie() -> bool:
    storage = import_string(settings.MESSAGE_STORAGE)
    if issubclass(storage, FallbackStorage):
        return any(issubclass(kind, CookieStorage) for kind in storage.storage_classes)
    return issubclass(storage, CookieStorage)


class ServicePage(TemplateView):
    """A page of plain content about the service, the same for everyone who reads it."""

    page_title = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            service_owner=settings.SERVICE_OWNER,
            contact_email=settings.SERVICE_CONTACT_EMAIL,
        )
        return context


class AccessibilityStatement(ServicePage):
    template_name = "service/accessibility.html"
    page_title = "Accessibility statement for Beacon"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "prepared_on": STATEMENT_PREPARED}


class PrivacyNotice(ServicePage):
    template_name = "service/privacy.html"
    page_title = "Privacy notice"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "session_ends": session_ends(),
            "ideas_per_hour": settings.PUBLIC_IDEAS_PER_HOUR,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        }


class CookiesPage(ServicePage):
    template_name = "service/cookies.html"
    page_title = "Cookies"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cookies": essential_cookies()}


class HelpPage(ServicePage):
    template_name = "service/help.html"
    page_title = "Help and contact"
