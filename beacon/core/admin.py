from django.contrib import admin

from beacon.core.models import Council, FinancialYear, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "gss_code", "council_type", "confidence_scale"]
    search_fields = ["name", "slug", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "job_title"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username", "organisation__name"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    """The register is reference data from mySociety: read it here, never edit it."""

    list_display = ["name", "gss_code", "council_type", "region", "current"]
    list_filter = ["council_type", "nation", "current"]
    search_fields = ["name", "official_name", "gss_code", "register_code"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    """Financial years are reference data: an administrator moves the ``current`` flag at the turn of the year."""

    list_display = ["label", "current"]
    list_editable = ["current"]
    fields = ["start_year", "current"]
