"""Forms of the import: the upload (what the file holds, and the file), and the mapping of the file's own
headings to Beacon's fields."""

from __future__ import annotations

from typing import Any

from django import forms

from beacon.core.forms import GovukForm
from beacon.exchange import readers
from beacon.exchange.importer import ImportKind

IGNORE = ""


class UploadForm(GovukForm):
    record_type = forms.ChoiceField(label="What does the file hold?", widget=forms.RadioSelect)
    file = forms.FileField(
        label="Upload the file",
        help_text="An Excel (.xlsx), OpenDocument (.ods) or CSV file, up to the size limit. Nothing is written "
        "until the file has been checked and you choose to import it.",
    )

    def __init__(self, *args: Any, kinds: list[type[ImportKind]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = [(kind.name, kind.title[:1].upper() + kind.title[1:]) for kind in kinds]
        self.fields["record_type"].choices = labels  # type: ignore[attr-defined]
        self.fields["record_type"].error_messages["required"] = "Select what the file holds"
        self.fields["file"].error_messages.update(
            required="Select a file to upload", empty="The file is empty."
        )
        self.data_bytes = b""
        self.file_format = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > readers.settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {readers.size_words(upload.size)}; the largest file Beacon imports is "
                f"{readers.size_words(readers.settings.IMPORT_MAX_BYTES)}. Split it into smaller files."
            )
        data = upload.read()
        try:
            self.file_format = readers.detect_format(data)
            readers.read_sheets(data, self.file_format)
        except readers.UploadRefused as error:
            raise forms.ValidationError(str(error)) from None
        self.data_bytes = data
        return upload


class MappingForm(GovukForm):
    """One select per heading of the file: which of Beacon's fields it holds, or none."""

    def __init__(self, *args: Any, headings: list[tuple[str, str]], kind: type[ImportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(IGNORE, "Do not import this column")] + [
            (column.field, column.heading + (" (needed)" if column.required else "")) for column in kind.columns
        ]
        self.headings = headings
        for index, (heading, matched) in enumerate(headings):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"Column “{heading}”", choices=choices, required=False, initial=matched,
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen: dict[str, str] = {}
        for index, (heading, _) in enumerate(self.headings):
            field = cleaned.get(f"column_{index}")
            if not field:
                continue
            if field in chosen:
                self.add_error(f"column_{index}", f"“{chosen[field]}” already holds this field: choose one column.")
            chosen[field] = heading
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {
            heading: self.cleaned_data[f"column_{index}"]
            for index, (heading, _) in enumerate(self.headings)
            if self.cleaned_data.get(f"column_{index}")
        }
