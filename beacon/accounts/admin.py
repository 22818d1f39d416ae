"""Identity and access in Django's admin (for the service's operators): accounts and invitations to look at, and
the audit trail read-only, because it is a record of what happened and nobody edits or deletes it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from beacon.accounts.models import Account, AccountEvent, Invitation


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "disabled_at", "disabled_by", "session_generation"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "session_generation", "disabled_at", "disabled_by", "disabled_reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "withdrawn_at"]
    list_filter = ["organisation", "role"]
    search_fields = ["email"]
    # The token's hash is of no use to anyone reading this page: left out.
    exclude = ["token_hash"]
    readonly_fields = ["organisation", "email", "role", "job_title", "invited_by", "created_at", "expires_at",
                       "accepted_at", "accepted_by", "withdrawn_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from an organisation's Users page, which e-mails the link


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "actor", "organisation", "detail", "address"]
    list_filter = ["kind", "organisation"]
    search_fields = ["username", "detail", "address"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
