"""An organisation's users, as its administrator manages them: the members and pending invitations, inviting,
a member's page, changing and removing their role, disabling and enabling their account, and the audit trail.

Only the organisation's administrator gets these pages (other roles 403; another council's user 404, as on every
page of an organisation). The views translate HTTP; the writes and their rules are in ``services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import generic

from beacon.accounts import services, two_factor
from beacon.accounts.forms_admin import AuditFilterForm, InviteForm, ReasonForm, RoleForm
from beacon.accounts.models import Account, AccountEvent, EventKind, Invitation
from beacon.core import spreadsheets
from beacon.core.generic import DOWNLOAD, OrganisationMixin, bad_download, org_url, spreadsheet_response
from beacon.core.models import Membership, Role

# Events about a person's sessions rather than an organisation: shown for the organisation's members.
SESSION_KINDS = [
    EventKind.SIGNED_IN, EventKind.SIGN_IN_FAILED, EventKind.SIGNED_OUT, EventKind.SIGNED_OUT_EVERYWHERE,
    EventKind.SESSION_EXPIRED, EventKind.PASSWORD_CHANGED, EventKind.LOCKED_OUT,
]
RECENT_EVENTS = 25


def last_sign_in() -> Subquery:
    """The time of a membership's user's latest sign-in, as a subquery (one query for a whole page)."""
    latest = AccountEvent.objects.filter(user_id=OuterRef("user_id"), kind=EventKind.SIGNED_IN).order_by("-at")
    return Subquery(latest.values("at")[:1])


def organisation_events(organisation: Any) -> QuerySet[AccountEvent]:
    """The audit trail an organisation's administrator reads: events concerning the organisation (role changes,
    invitations, disablements done here) and the sign-ins, failures and sign-outs of its current members (a
    failed sign-in counts when the username typed is a member's)."""
    members = Membership.objects.filter(organisation=organisation)
    usernames = get_user_model().objects.filter(memberships__organisation=organisation).values("username")
    sessions = Q(kind__in=SESSION_KINDS) & (
        Q(user_id__in=members.values("user_id")) | Q(user__isnull=True, username__in=usernames)
    )
    return AccountEvent.objects.filter(Q(organisation=organisation) | sessions)


class AdministratorOnly:
    """After ``OrganisationMixin`` has found the organisation and the user's role: administrators only."""

    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.role != Role.ADMIN:  # type: ignore[attr-defined]
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class UsersPage(OrganisationMixin, AdministratorOnly):
    organisation: Any
    nav_section = "users"
    kwargs: dict[str, Any]

    def crumbs(self, *more: dict[str, str]) -> list[dict[str, str]]:
        return [
            {"label": str(self.organisation), "url": org_url("home:dashboard", self.organisation)},
            {"label": "Users", "url": org_url("users:list", self.organisation)},
            *more,
        ]

    def member_crumb(self, membership: Membership) -> dict[str, str]:
        return {"label": display_name(membership.user), "url": self.member_url(membership)}

    def member_url(self, membership: Membership) -> str:
        return org_url("users:detail", self.organisation, user_pk=membership.user_id)

    def load_membership(self) -> Membership:
        """The member named in the URL: 404 unless they hold a role in this organisation."""
        return get_object_or_404(
            Membership.objects.select_related("user"), organisation=self.organisation, user_id=self.kwargs["user_pk"]
        )


def display_name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


class UserList(UsersPage, generic.ListView):
    template_name = "accounts/users_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Membership]:
        return (
            Membership.objects.filter(organisation=self.organisation)
            .select_related("user")
            .annotate(last_sign_in=last_sign_in())
            .order_by("user__username")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title="Users",
            breadcrumbs=self.crumbs()[:1],
            invitations=list(services.pending_invitations(self.organisation).select_related("invited_by")),
            now=timezone.now(),
            query_without_page="",
        )
        return context


class UserInvite(UsersPage, generic.FormView):
    template_name = "accounts/users_invite.html"
    form_class = InviteForm

    def form_valid(self, form: InviteForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.invite_user(actor=self.request.user, organisation=self.organisation, email=data["email"],
                                 role=data["role"], job_title=data["job_title"], request=self.request)
        except services.AccountAdminError as error:
            form.add_error("email", str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"Invitation sent to {data['email']}")
        return HttpResponseRedirect(org_url("users:list", self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Invite a user", submit_label="Send invitation",
                       cancel_url=org_url("users:list", self.organisation),
                       breadcrumbs=self.crumbs(), days=services.INVITATION_DAYS)
        return context


class InvitationWithdraw(UsersPage, generic.TemplateView):
    template_name = "accounts/users_invitation_withdraw.html"

    def load_invitation(self) -> Invitation:
        return get_object_or_404(services.pending_invitations(self.organisation), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.invitation = self.load_invitation()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        invitation = self.load_invitation()
        try:
            services.withdraw_invitation(actor=request.user, invitation=invitation, request=request)
        except services.AccountAdminError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Invitation withdrawn: {invitation.email}")
        return HttpResponseRedirect(org_url("users:list", self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=f"Withdraw the invitation to {self.invitation.email}?", invitation=self.invitation,
                       submit_label="Withdraw invitation", warning=True, breadcrumbs=self.crumbs(),
                       cancel_url=org_url("users:list", self.organisation))
        return context


class UserDetail(UsersPage, generic.TemplateView):
    template_name = "accounts/users_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.load_membership()
        member = membership.user
        events = (
            AccountEvent.objects.filter(user=member)
            .filter(Q(organisation=self.organisation) | Q(kind__in=SESSION_KINDS))
            .select_related("actor")[:RECENT_EVENTS]
        )
        signed_in = AccountEvent.objects.filter(user=member, kind=EventKind.SIGNED_IN).order_by("-at").first()
        context.update(
            page_title=display_name(member), caption="User", membership=membership, member=member,
            account=Account.objects.filter(user=member).select_related("disabled_by").first(),
            events=events, last_sign_in=signed_in.at if signed_in else None,
            is_self=member.pk == self.request.user.pk, breadcrumbs=self.crumbs(),
            two_factor_on=two_factor.is_on(member),
        )
        return context


class RoleChange(UsersPage, generic.FormView):
    template_name = "accounts/users_role.html"
    form_class = RoleForm

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.membership = self.load_membership()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.membership = self.load_membership()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"role": self.membership.role, "job_title": self.membership.job_title}

    def form_valid(self, form: RoleForm) -> HttpResponse:
        try:
            changed = services.change_role(actor=self.request.user, membership=self.membership,
                                           role=form.cleaned_data["role"], job_title=form.cleaned_data["job_title"],
                                           request=self.request)
        except services.AccountAdminError as error:
            form.add_error("role", str(error))
            return self.form_invalid(form)
        name = display_name(self.membership.user)
        messages.success(self.request, f"Role changed: {name}" if changed else f"Nothing changed for {name}")
        return HttpResponseRedirect(after_change(self.request, self.organisation, self.member_url(self.membership)))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        name = display_name(self.membership.user)
        context.update(page_title=f"Change the role of {name}", caption=str(self.organisation),
                       submit_label="Change role", cancel_url=self.member_url(self.membership),
                       breadcrumbs=self.crumbs(self.member_crumb(self.membership)))
        return context


def after_change(request: HttpRequest, organisation: Any, default: str) -> str:
    """Where to go after a change to roles: ``default``, unless the actor has just given up administering
    this organisation (their own role changed or removed), who then goes to the dashboard or the home page."""
    role = Membership.objects.filter(user_id=request.user.pk or 0, organisation=organisation).values_list(
        "role", flat=True).first()
    if role == Role.ADMIN:
        return default
    if role is None:
        return reverse("home:index")
    return org_url("home:dashboard", organisation)


class RoleRemove(UsersPage, generic.TemplateView):
    template_name = "accounts/users_remove.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.membership = self.load_membership()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.membership = self.load_membership()
        try:
            services.remove_membership(actor=request.user, membership=self.membership, request=request)
        except services.AccountAdminError as error:
            return self.render_to_response(self.get_context_data(refusal=str(error)))
        messages.success(request, f"Role removed: {display_name(self.membership.user)}")
        return HttpResponseRedirect(after_change(request, self.organisation, org_url("users:list", self.organisation)))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.membership
        name = display_name(membership.user)
        refusal = context.get("refusal")
        if refusal is None and services.is_last_administrator(membership):
            refusal = services.LAST_ADMINISTRATOR.format(name=name, organisation=self.organisation)
        context.update(page_title=f"Remove {name}’s role in {self.organisation}?", membership=membership,
                       refusal=refusal, submit_label="Remove role", warning=True,
                       cancel_url=self.member_url(membership),
                       breadcrumbs=self.crumbs(self.member_crumb(membership)))
        return context


class AccountSwitch(UsersPage, generic.FormView):
    """Disabling (or, with ``enable``, enabling) a member's account, with an optional reason."""

    template_name = "accounts/users_disable.html"
    form_class = ReasonForm
    enable = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.refused() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.refused() or super().post(request, *args, **kwargs)

    def refused(self) -> HttpResponse | None:
        """The page explaining why not (403), if the actor may not disable this account; else None."""
        self.membership = self.load_membership()
        refusal = services.disable_refusal(self.request.user, self.membership.user)
        if refusal is None:
            if self.membership.user.is_active == self.enable:
                messages.info(self.request, "This account is already enabled." if self.enable
                              else "This account is already disabled.")
                return HttpResponseRedirect(self.member_url(self.membership))
            return None
        context = self.base_context()
        context.update(page_title=f"You cannot {self.verb()} this account", refusal=refusal,
                       remove_url=org_url("users:remove", self.organisation, user_pk=self.membership.user_id))
        return render(self.request, "accounts/users_disable_refused.html", context, status=403)

    def verb(self) -> str:
        return "enable" if self.enable else "disable"

    def base_context(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "membership": self.membership, "member": self.membership.user,
                "cancel_url": self.member_url(self.membership),
                "breadcrumbs": self.crumbs(self.member_crumb(self.membership))}

    def form_valid(self, form: ReasonForm) -> HttpResponse:
        change = services.enable_user if self.enable else services.disable_user
        try:
            change(actor=self.request.user, user=self.membership.user, organisation=self.organisation,
                   reason=form.cleaned_data["reason"], request=self.request)
        except services.AccountAdminError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        done = "enabled" if self.enable else "disabled"
        messages.success(self.request, f"Account {done}: {display_name(self.membership.user)}")
        return HttpResponseRedirect(self.member_url(self.membership))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.base_context())
        name = display_name(self.membership.user)
        context.update(page_title=f"{self.verb().capitalize()} the account of {name}?", enable=self.enable,
                       submit_label=f"{self.verb().capitalize()} account")
        return context


class TwoFactorReset(UsersPage, generic.TemplateView):
    """Resetting a member's two-factor sign-in (a lost phone), after confirmation: same rule as disabling their
    account (every organisation they belong to must be one the actor administers)."""

    template_name = "accounts/two_factor/reset.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.refused() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = self.refused()
        if refused is not None:
            return refused
        member = self.membership.user
        try:
            two_factor.reset_by_administrator(actor=request.user, user=member, organisation=self.organisation,
                                              request=request)
        except services.AccountAdminError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self.member_url(self.membership))
        messages.success(request, f"Two-factor sign-in reset for {display_name(member)}. They have been signed out "
                                  "everywhere and can set it up again when they next sign in")
        return HttpResponseRedirect(self.member_url(self.membership))

    def refused(self) -> HttpResponse | None:
        self.membership = self.load_membership()
        member = self.membership.user
        refusal = two_factor.reset_refusal(self.request.user, member)
        if refusal is not None:
            return render(self.request, "accounts/two_factor/reset_refused.html", {
                "organisation": self.organisation, "member": member,
                "page_title": "You cannot reset this person’s two-factor sign-in", "refusal": refusal,
                "cancel_url": self.member_url(self.membership),
                "breadcrumbs": self.crumbs(self.member_crumb(self.membership)),
            }, status=403)
        if not two_factor.is_on(member):
            messages.info(self.request, "Two-factor sign-in is not on for this account: there is nothing to reset")
            return HttpResponseRedirect(self.member_url(self.membership))
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        name = display_name(self.membership.user)
        context.update(page_title=f"Reset the two-factor sign-in of {name}?", caption=str(self.organisation),
                       member=self.membership.user, submit_label="Reset two-factor sign-in", warning=True,
                       member_must_set_up=two_factor.required_for(self.membership.user),
                       cancel_url=self.member_url(self.membership),
                       breadcrumbs=self.crumbs(self.member_crumb(self.membership)))
        return context


class AuditTrail(UsersPage, generic.ListView):
    template_name = "accounts/users_audit.html"
    paginate_by = 50
    page_title = "Audit trail"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get(DOWNLOAD)
        if fmt is None:
            return super().get(request, *args, **kwargs)
        if fmt not in spreadsheets.FORMATS:
            return bad_download(fmt)
        table = spreadsheets.Table(
            name=self.page_title,
            headings=["When", "What happened", "Whose account", "By", "Detail", "Address"],
            rows=(
                [timezone.localtime(event.at).replace(tzinfo=None), event.get_kind_display(), event.username,
                 event.actor.get_username() if event.actor else "", event.detail, event.address or ""]
                for event in self.get_queryset().iterator(chunk_size=2000)
            ),
        )
        return spreadsheet_response(table, fmt, self.organisation, "audit-trail")

    def get_queryset(self) -> QuerySet[AccountEvent]:
        self.filter_form = AuditFilterForm(self.request.GET or None, organisation=self.organisation)
        events = organisation_events(self.organisation).select_related("actor")
        if self.filter_form.is_bound and self.filter_form.is_valid():
            kind, user = self.filter_form.cleaned_data["kind"], self.filter_form.cleaned_data["user"]
            if kind:
                events = events.filter(kind=kind)
            if user is not None:
                events = events.filter(Q(user=user) | Q(user__isnull=True, username=user.get_username()))
        return events.order_by("-at", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(DOWNLOAD, None)
        context.update(
            page_title=self.page_title, filter_form=self.filter_form, filter_active=bool(query),
            query_without_page=(query.urlencode() + "&") if query else "", download_query=query.urlencode(),
            breadcrumbs=self.crumbs(),
        )
        return context

