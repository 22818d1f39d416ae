"""The backup page: what a backup of the organisation holds, and the button that downloads it. Administrators
only (the file holds every record, confidential ones too, and users' password hashes). Restoring is the
installation operator's job, with ``beacon restore``: the page says how."""

from __future__ import annotations

import tempfile
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views import generic

from beacon.core import policy
from beacon.core.generic import OrganisationMixin
from beacon.exchange.backup import SUFFIX, backup_contents, backup_filename, write_backup

# A backup is built in memory up to this size, then in a temporary file.
SPOOL_BYTES = 32 * 1024 * 1024


class BackupPage(OrganisationMixin, generic.TemplateView):
    template_name = "exchange/backup.html"
    nav_section = "data"

    def check_admin(self) -> None:
        if not policy.can_back_up(self.request.user, self.organisation):
            raise PermissionDenied

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_admin()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        lines, history = backup_contents(self.organisation)
        context.update(
            page_title="Back up this organisation",
            contents=lines,
            history_rows=history,
            filename=backup_filename(self.organisation),
            suffix=SUFFIX,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        self.check_admin()
        out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
        write_backup(self.organisation, out, actor=request.user)
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename=backup_filename(self.organisation), content_type="application/zip"
        )
