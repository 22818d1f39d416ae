"""Two-factor sign-in pages (``/accounts/two-factor/``): setting up an authenticator app, the recovery codes
(shown once), giving a code after the password, making new recovery codes and turning it off. The rules are in
``beacon.accounts.two_factor``; these views translate HTTP."""

from __future__ import annotations

import base64
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import generic
from django.views.decorators.cache import never_cache

from beacon.accounts import sessions, two_factor
from beacon.accounts.forms_two_factor import CodeForm
from beacon.accounts.models import EventKind
from beacon.accounts.views_account import account_breadcrumbs

TEMPLATES = "accounts/two_factor/"


def qr_code_data_uri(text: str) -> str:
    """``text`` as a QR code, an SVG in a data: URI (the content security policy allows images from data:)."""
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=4).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def grouped(text: str, size: int = 4, separator: str = " ") -> str:
    """ABCDEFGHIJ -> "ABCD EFGH IJ", easier to read and type from the screen."""
    return separator.join(text[i:i + size] for i in range(0, len(text), size))


def next_url(request: HttpRequest) -> str:
    """Where to go once the code is given: ``?next=`` (or the page first asked for) when it is safe, else home."""
    return (two_factor.safe_next(request, request.GET.get("next"))
            or two_factor.safe_next(request, request.session.get(two_factor.NEXT))
            or resolve_url(settings.LOGIN_REDIRECT_URL))


class CodeFormView(LoginRequiredMixin, generic.FormView):
    """A page asking for a code from the user's confirmed devices. Wrong codes are recorded; the fifth in a row
    signs the session out."""

    form_class = CodeForm
    recovery_allowed = False
    failure_detail = ""
    page_title = ""
    submit_label = "Continue"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["recovery_allowed"] = self.recovery_allowed
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=self.page_title, submit_label=self.submit_label)
        return context

    def form_valid(self, form: CodeForm) -> HttpResponse:
        request = self.request
        check = two_factor.check_code(request.user, form.cleaned_data["code"], recovery_allowed=self.recovery_allowed)
        if check.wait_seconds:
            form.add_error("code", two_factor.wait_message(check.wait_seconds))
            return self.form_invalid(form)
        if check.device is None:
            if two_factor.record_failure(request, where=self.failure_detail):
                sessions.end_session(request, EventKind.SIGNED_OUT,
                                     detail=f"Signed out after {two_factor.MAX_FAILURES} wrong security codes",
                                     message=two_factor.SIGNED_OUT_AFTER_FAILURES)
                return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
            form.not_right()
            return self.form_invalid(form)
        two_factor.record_success(request, check)
        return self.code_accepted(check)

    def code_accepted(self, check: two_factor.Check) -> HttpResponse:
        raise NotImplementedError


class NeedsTwoFactorOn(CodeFormView):
    """Pages for a user whose two-factor sign-in is on."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not two_factor.is_on(request.user):
            messages.info(request, "Two-factor sign-in is not on for your account")
            return HttpResponseRedirect(reverse("account:index"))
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class SetupView(LoginRequiredMixin, generic.FormView):
    template_name = TEMPLATES + "setup.html"
    form_class = CodeForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and two_factor.is_on(request.user):
            messages.info(request, "Two-factor sign-in is already on for your account")
            return HttpResponseRedirect(reverse("account:index"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        device = two_factor.unconfirmed_app_device(self.request.user)
        required = self.request.session.get(two_factor.STATE) == two_factor.SETUP
        context.update(
            page_title="Set up two-factor sign-in", submit_label="Turn on two-factor sign-in",
            required=required, qr_code=qr_code_data_uri(device.config_url),
            secret=grouped(base64.b32encode(device.bin_key).decode()),
            cancel_url=None if required else reverse("account:index"),
            breadcrumbs=None if required else account_breadcrumbs("Set up two-factor sign-in"),
        )
        return context

    def form_valid(self, form: CodeForm) -> HttpResponse:
        request = self.request
        device = two_factor.unconfirmed_app_device(request.user)
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", two_factor.wait_message(two_factor.seconds_to_wait(device)))
            return self.form_invalid(form)
        if not device.verify_token(form.cleaned_data["code"]):
            form.not_right()
            return self.form_invalid(form)
        codes = two_factor.confirm_app_device(request.user, device, request=request)
        django_otp.login(request, device)
        two_factor.mark_done(request.session)
        request.session[two_factor.NEW_CODES] = codes
        return HttpResponseRedirect(reverse("two-factor:recovery-codes"))


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(LoginRequiredMixin, generic.TemplateView):
    """The recovery codes just made, shown once: they leave the session as this page is drawn."""

    template_name = TEMPLATES + "recovery_codes.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        codes = request.session.pop(two_factor.NEW_CODES, None)
        if not codes:
            messages.info(request, "Recovery codes are shown only once. If you did not save them, make new ones")
            return HttpResponseRedirect(reverse("account:index"))
        continue_url = next_url(request)
        request.session.pop(two_factor.NEXT, None)
        return self.render_to_response(self.get_context_data(
            page_title="Save your recovery codes", codes=[grouped(code, separator="-") for code in codes],
            continue_url=continue_url,
        ))


class VerifyView(CodeFormView):
    """After the password: the code from the app, or a recovery code."""

    template_name = TEMPLATES + "verify.html"
    recovery_allowed = True
    failure_detail = "Signing in"
    page_title = "Enter your security code"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and request.session.get(two_factor.STATE) != two_factor.VERIFY:
            return HttpResponseRedirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def code_accepted(self, check: two_factor.Check) -> HttpResponse:
        request = self.request
        django_otp.login(request, check.device)
        two_factor.mark_done(request.session)
        target = next_url(request)
        request.session.pop(two_factor.NEXT, None)
        if check.recovery:
            messages.info(request, "You used a recovery code: it will not work again. If you have lost your phone, "
                                   "set up two-factor sign-in again from Your account")
        return HttpResponseRedirect(target)


class DisableView(NeedsTwoFactorOn):
    template_name = TEMPLATES + "disable.html"
    recovery_allowed = True
    failure_detail = "Turning off two-factor sign-in"
    page_title = "Turn off two-factor sign-in"
    submit_label = "Turn off two-factor sign-in"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and two_factor.is_on(request.user) and two_factor.required_for(request.user):
            return render(request, TEMPLATES + "disable_refused.html", {
                "page_title": "You cannot turn off two-factor sign-in",
                "breadcrumbs": account_breadcrumbs("Turn off two-factor sign-in"),
            }, status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=reverse("account:index"), breadcrumbs=account_breadcrumbs(self.page_title))
        return context

    def code_accepted(self, check: two_factor.Check) -> HttpResponse:
        two_factor.turn_off(self.request.user, request=self.request)
        two_factor.mark_done(self.request.session)
        messages.success(self.request, "Two-factor sign-in is off. You will sign in with your password only")
        return HttpResponseRedirect(reverse("account:index"))


class NewRecoveryCodesView(NeedsTwoFactorOn):
    template_name = TEMPLATES + "recovery_codes_new.html"
    failure_detail = "Making new recovery codes"
    page_title = "Make new recovery codes"
    submit_label = "Make new recovery codes"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=reverse("account:index"), breadcrumbs=account_breadcrumbs(self.page_title),
                       count=two_factor.RECOVERY_CODES)
        return context

    def code_accepted(self, check: two_factor.Check) -> HttpResponse:
        codes = two_factor.make_recovery_codes(self.request.user, request=self.request)
        self.request.session[two_factor.NEW_CODES] = codes
        self.request.session[two_factor.NEXT] = reverse("account:index")
        return HttpResponseRedirect(reverse("two-factor:recovery-codes"))
