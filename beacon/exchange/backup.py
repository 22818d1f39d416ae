"""Backup and restore of a whole organisation to one file.

A backup is a zip (``<slug>-YYYY-MM-DD.beacon-backup``) holding ``manifest.json`` and one JSON Lines file per
model, each line one record in Django's serialization format (``{"model", "pk", "fields"}``), in dependency
order. It holds every record of the organisation (found by walking the models and their foreign keys, so that
a new model is included without anyone remembering to), every row of their history, the organisation's
memberships and the users its records name. It holds no reference data shared by every organisation: a record
points at a council, a financial year, an indicator or a statutory equality group by its natural key (register
code, "2024/25", indicator code, title), and at a user by username, so that a restore finds the target
database's own rows whatever their primary keys.

A restore writes the records with their own primary keys, so that history, links and URLs stay as they were,
into a database without the organisation (an empty one, or one whose other organisations hold none of these
keys). Records are saved raw, as ``loaddata`` saves them: no model ``save()`` runs and simple-history writes
no history of its own, so the history is the backup's, neither lost nor doubled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from importlib import metadata
from typing import IO, Any, Protocol

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone

from beacon.core.models import Organisation

FORMAT = 1
MANIFEST = "manifest.json"
SUFFIX = ".beacon-backup"
USERS_LABEL = "auth.User"
CHUNK = 2000
# The user fields a backup carries: never is_staff or is_superuser, which are the installation's to grant.
USER_FIELDS = ["username", "first_name", "last_name", "email", "password", "is_active", "date_joined"]

# Models deliberately left out, with the reason.
EXCLUDED = {
    "admin.LogEntry": "the Django admin's log of the installation's operators, not the organisation's",
    "auth.Permission": "installation-wide",
    "auth.Group": "installation-wide",
    "auth.Group_permissions": "installation-wide",
    "auth.User_groups": "installation-wide (Beacon's roles are memberships, which are backed up)",
    "auth.User_user_permissions": "installation-wide",
    "contenttypes.ContentType": "installation-wide, made by migrate",
    "sessions.Session": "sign-ins to this installation: secrets, and worthless elsewhere",
    "django_tasks_database.DBTaskResult": "results of background tasks that have run: transient",
    "performance.IndicatorValue": "reference data, loaded by `beacon load_indicators`",
    "accounts.Account": "sign-in state of this installation (session generations, disablement): made anew on use",
    "accounts.Invitation": "one-time sign-up links of this installation: worthless elsewhere",
    "accounts.AccountEvent": "this installation's security audit trail of sign-ins and role changes: kept where "
                             "it happened, under the installation's retention policy",
    "accounts.ExternalIdentity": "links to this installation's sign-on providers: made anew at the next sign-in",
    "accounts.ApiToken": "API keys are secrets of this installation: users make new ones after a restore",
    "otp_totp.TOTPDevice": "two-factor secrets of this installation: users set up two-factor sign-in again",
    "otp_static.StaticDevice": "two-factor recovery codes of this installation: secrets, made anew",
    "otp_static.StaticToken": "two-factor recovery codes of this installation: secrets, made anew",
    "axes.AccessAttempt": "this installation's sign-in throttling state: transient",
    "axes.AccessAttemptExpiration": "this installation's sign-in throttling state: transient",
    "axes.AccessFailureLog": "this installation's log of failed sign-ins: kept where it happened",
    "axes.AccessLog": "this installation's log of sign-ins: kept where it happened",
}


@dataclass(frozen=True)
class Reference:
    """Rows shared by every organisation, named in a backup by one natural-key field. ``shared`` narrows the
    model to its shared rows where an organisation may also own some (equality groups)."""

    key: str
    how_to_load: str
    shared: dict[str, Any] = field(default_factory=dict)


REFERENCES = {
    "core.Council": Reference("register_code", "`beacon migrate` loads the register of councils"),
    "core.FinancialYear": Reference("label", "`beacon migrate` loads the financial years"),
    "performance.Indicator": Reference("code", "`beacon load_indicators` loads the indicators"),
    "risks.EqualityGroup": Reference(
        "title", "`beacon migrate` loads the protected characteristics", shared={"organisation__isnull": True}
    ),
}


class RestoreError(Exception):
    """The file cannot be restored here; nothing has been written. The message says why, for a person."""


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...


# Given a model's label and how many rows it has, a context manager that counts progress (e.g. a tqdm bar).
ProgressFactory = Callable[[str, int], AbstractContextManager[Progress]]


class _NoProgress:
    def update(self, n: int = 1) -> object:
        return None


def _no_progress(label: str, total: int) -> AbstractContextManager[Progress]:
    return nullcontext(_NoProgress())


@dataclass(frozen=True)
class Part:
    """One model in a backup, and how its rows of an organisation are found."""

    model: type[models.Model]
    lookup: str  # the path from the model to the organisation's primary key

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def member(self) -> str:
        return f"records/{self.label}.jsonl"

    def queryset(self, organisation_id: int) -> models.QuerySet:
        return self.model._base_manager.filter(**{self.lookup: organisation_id}).order_by("pk")


@dataclass
class RestoreResult:
    organisation: Organisation
    counts: dict[str, int]
    users_created: int = 0
    users_matched: int = 0


# --- Which models, in which order -------------------------------------------------------------------------------


def _relations(model: type[models.Model]) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _lookup(model: type[models.Model]) -> str | None:
    """How a model's rows of one organisation are found: its own ``organisation`` key, or the key of the record
    it hangs on (a through table's first side, a historical link table's history row, a report's issue)."""
    if model is Organisation:
        return "pk"
    names = {f.name: f for f in _relations(model)}
    if "organisation" in names and names["organisation"].related_model is Organisation:
        return "organisation_id"
    candidates = [f for f in _relations(model) if f.name == "history"] + _relations(model)
    for relation in candidates:
        target = relation.related_model
        if target._meta.label in REFERENCES or target is get_user_model():
            continue
        if any(f.name == "organisation" and f.related_model is Organisation for f in _relations(target)):
            return f"{relation.name}__organisation_id"
    return None


def backup_parts() -> list[Part]:
    """Every model an organisation's backup holds, each after the models it points at (so far as a cycle
    allows: the database checks the keys at commit, so order is for the reader, not the writer)."""
    user_model = get_user_model()
    parts: dict[str, Part] = {}
    unplaced = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label in EXCLUDED:
            continue
        if meta.label in REFERENCES and not REFERENCES[meta.label].shared:
            continue
        if model is user_model:
            continue
        lookup = _lookup(model)
        if lookup is None:
            unplaced.append(meta.label)
        else:
            parts[meta.label] = Part(model, lookup)
    if unplaced:
        raise RuntimeError(
            f"Beacon cannot tell whose rows these are: {', '.join(unplaced)}. Give each an organisation, or list "
            "it in beacon.exchange.backup.EXCLUDED or REFERENCES with the reason."
        )
    for part in parts.values():
        for relation in _relations(part.model):
            label = relation.related_model._meta.label
            if label not in parts and label not in REFERENCES and relation.related_model is not user_model:
                raise RuntimeError(f"{part.label}.{relation.name} points at {label}, which a backup does not hold.")
    ordered: list[Part] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(label: str) -> None:
        if label in placed or label in visiting:
            return
        visiting.add(label)
        for relation in _relations(parts[label].model):
            target = relation.related_model._meta.label
            if target in parts and target != label:
                place(target)
        visiting.discard(label)
        placed.add(label)
        ordered.append(parts[label])

    for label in sorted(parts, key=lambda name: (name != "core.Organisation", name)):
        place(label)
    return ordered


# --- Encoding: references by natural key ------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but with times to the microsecond (Django's own rounds them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, cls=_Encoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _reference_fields(model: type[models.Model]) -> dict[str, str]:
    """The model's foreign keys that name a user or a reference row, by field name → target label."""
    user_label = get_user_model()._meta.label
    found = {}
    for relation in _relations(model):
        label = relation.related_model._meta.label
        if label in REFERENCES or label == user_label:
            found[relation.name] = label
    return found


class _Names:
    """Primary key ↔ natural key of the users and reference rows of this database, loaded once per model."""

    def __init__(self) -> None:
        self._by_pk: dict[str, dict[int, str]] = {}
        self._by_key: dict[str, dict[str, int]] = {}

    def _load(self, label: str) -> None:
        if label == USERS_LABEL or label == get_user_model()._meta.label:
            rows = get_user_model()._base_manager.values_list("pk", "username")
        else:
            reference = REFERENCES[label]
            model = apps.get_model(label)
            rows = model._base_manager.filter(**reference.shared).values_list("pk", reference.key)
        pairs = list(rows)
        self._by_pk[label] = {pk: key for pk, key in pairs}
        self._by_key[label] = {key: pk for pk, key in pairs}

    def key_of(self, label: str, pk: int) -> str | None:
        if label not in self._by_pk:
            self._load(label)
        return self._by_pk[label].get(pk)

    def pk_of(self, label: str, key: str) -> int | None:
        if label not in self._by_key:
            self._load(label)
        return self._by_key[label].get(key)

    def add(self, label: str, pk: int, key: str) -> None:
        if label not in self._by_key:
            self._load(label)
        self._by_pk[label][pk] = key
        self._by_key[label][key] = pk


def _encode(row: dict[str, Any], references: dict[str, str], names: _Names, used_users: set[int]) -> None:
    """Replace, in place, the keys of users and reference rows with their natural keys: ``["2024/25"]``."""
    user_label = get_user_model()._meta.label
    for name, label in references.items():
        pk = row["fields"].get(name)
        if pk is None:
            continue
        key = names.key_of(label, pk)
        if key is not None:
            row["fields"][name] = [key]
            if label == user_label:
                used_users.add(pk)
        elif label in REFERENCES and REFERENCES[label].shared:
            continue  # not a shared row: one of the organisation's own, backed up with its key
        else:
            row["fields"][name] = None  # a history row naming a user or reference row since deleted


# --- Backup ------------------------------------------------------------------------------------------------------


class _HashingWriter:
    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def write_line(self, text: str) -> None:
        data = (text + "\n").encode("utf-8")
        self.sha256.update(data)
        self.stream.write(data)


def _beacon_version() -> str:
    try:
        return metadata.version("beacon")
    except metadata.PackageNotFoundError:
        return "unknown"


def write_backup(
    organisation: Organisation, out: IO[bytes], *, actor: Any = None, progress: ProgressFactory | None = None
) -> dict[str, Any]:
    """Write the backup of ``organisation`` to the binary stream ``out``; return its manifest. One query per
    model (rows streamed in chunks), and one for each of the users and reference tables."""
    progress = progress or _no_progress
    names = _Names()
    used_users: set[int] = set()
    counts: dict[str, int] = {}
    checksums: dict[str, str] = {}
    parts = backup_parts()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if outermost and connection.vendor == "postgresql":
            # Every file from one snapshot, whatever is saved meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for part in parts:
            references = _reference_fields(part.model)
            fields = [f.name for f in part.model._meta.local_fields]
            queryset = part.queryset(organisation.pk)
            total = queryset.count() if progress is not _no_progress else 0
            count = 0
            with progress(part.label, total) as bar, archive.open(part.member, "w", force_zip64=True) as stream:
                writer = _HashingWriter(stream)
                for row in serializers.serialize("python", queryset.iterator(chunk_size=CHUNK), fields=fields):
                    _encode(row, references, names, used_users)
                    writer.write_line(_dumps(row))
                    count += 1
                    if count % CHUNK == 0:
                        bar.update(CHUNK)
                bar.update(count % CHUNK)
            counts[part.label] = count
            checksums[part.member] = writer.sha256.hexdigest()
        users = get_user_model()._base_manager.filter(pk__in=sorted(used_users)).order_by("username")
        member = f"records/{USERS_LABEL}.jsonl"
        with archive.open(member, "w") as stream:
            writer = _HashingWriter(stream)
            rows = serializers.serialize("python", users, fields=USER_FIELDS, use_natural_primary_keys=True)
            for row in rows:
                writer.write_line(_dumps(row))
        counts = {USERS_LABEL: len(used_users), **counts}
        checksums = {member: writer.sha256.hexdigest(), **checksums}
        manifest = {
            "format": FORMAT,
            "application": "Beacon",
            "beacon_version": _beacon_version(),
            "organisation": {"slug": organisation.slug, "name": organisation.name},
            "created_at": timezone.now().isoformat(),
            "created_by": getattr(actor, "username", None),
            "models": [USERS_LABEL, *(part.label for part in parts)],
            "counts": counts,
            "sha256": checksums,
            "references": {label: reference.key for label, reference in REFERENCES.items()},
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def backup_organisation(organisation: Organisation, *, actor: Any = None) -> bytes:
    """The backup of ``organisation``, as the bytes of one file."""
    out = io.BytesIO()
    write_backup(organisation, out, actor=actor)
    return out.getvalue()


def backup_filename(organisation: Organisation) -> str:
    return f"{organisation.slug}-{timezone.localdate().isoformat()}{SUFFIX}"


# --- Restore -----------------------------------------------------------------------------------------------------


def _open(data: bytes | IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes | bytearray) else data)
    except (zipfile.BadZipFile, OSError):
        raise RestoreError("This file is not a Beacon backup: it is not a zip file.") from None


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise RestoreError("This file is not a Beacon backup: it has no manifest.json.") from None
    except (ValueError, zipfile.BadZipFile, OSError):
        raise RestoreError("This backup is damaged: its manifest.json cannot be read.") from None
    if not isinstance(manifest, dict) or manifest.get("application") != "Beacon":
        raise RestoreError("This file is not a Beacon backup: its manifest is not Beacon's.")
    if manifest.get("format") != FORMAT:
        raise RestoreError(
            f"This backup is in format {manifest.get('format')!r}, made by Beacon {manifest.get('beacon_version')}; "
            f"this Beacon ({_beacon_version()}) restores format {FORMAT}."
        )
    for key, kind in {"organisation": dict, "models": list, "counts": dict, "sha256": dict}.items():
        if not isinstance(manifest.get(key), kind):
            raise RestoreError(f"This backup is damaged: its manifest has no {key}.")
    return manifest


def _member(label: str) -> str:
    return f"records/{label}.jsonl"


def _check_files(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    listed = set(manifest["sha256"])
    present = set(archive.namelist()) - {MANIFEST}
    expected = {_member(label) for label in manifest["models"]}
    if listed != expected or present != expected:
        odd = sorted((listed ^ expected) | (present ^ expected))
        raise RestoreError(
            f"This backup is damaged or has been changed: its files do not match its manifest ({', '.join(odd)})."
        )
    for member in sorted(expected):
        digest = hashlib.sha256()
        try:
            with archive.open(member) as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
        except (zipfile.BadZipFile, OSError):
            raise RestoreError(f"This backup is damaged: {member} cannot be read.") from None
        if digest.hexdigest() != manifest["sha256"][member]:
            raise RestoreError(f"This backup is damaged or has been changed: {member} does not match its checksum.")


def _rows(archive: zipfile.ZipFile, label: str) -> Iterator[dict[str, Any]]:
    with archive.open(_member(label)) as stream:
        for number, line in enumerate(io.TextIOWrapper(stream, encoding="utf-8"), start=1):
            try:
                row = json.loads(line)
            except ValueError:
                raise RestoreError(f"This backup is damaged: line {number} of {label} is not JSON.") from None
            if not isinstance(row, dict) or row.get("model", "").lower() != label.lower():
                raise RestoreError(f"This backup is damaged: line {number} of {label} is not a {label} record.")
            yield row


def _model(label: str) -> type[models.Model]:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        raise RestoreError(
            f"This backup holds {label} records, which this version of Beacon does not have: restore it with the "
            "version of Beacon that made it (see its manifest)."
        ) from None


def _plural(model: type[models.Model], count: int) -> str:
    name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    return f"{count:,} {name}"


def _check_target(archive: zipfile.ZipFile, manifest: dict[str, Any], names: _Names) -> None:
    """Refuse, before writing anything, a restore that would clash with this database or that names reference
    rows it lacks."""
    slug, name = manifest["organisation"].get("slug"), manifest["organisation"].get("name")
    if Organisation.objects.filter(slug=slug).exists():
        raise RestoreError(f"The organisation {slug!r} already exists here: restore into a database without it.")
    if Organisation.objects.filter(name=name).exists():
        raise RestoreError(f"An organisation named {name!r} already exists here: restore into a database without it.")
    clashes: list[str] = []
    missing: dict[str, set[str]] = defaultdict(set)
    for label in manifest["models"]:
        model = _model(label)
        if label == USERS_LABEL:
            count = sum(1 for _ in _rows(archive, label))
        else:
            references = _reference_fields(model)
            count, clashing, chunk = 0, 0, []
            for row in _rows(archive, label):
                count += 1
                chunk.append(row.get("pk"))
                if model is Organisation and (row["fields"].get("slug"), row["fields"].get("name")) != (slug, name):
                    raise RestoreError("This backup is damaged: its organisation is not the one its manifest names.")
                for field_name, target in references.items():
                    value = row["fields"].get(field_name)
                    if isinstance(value, list) and target in REFERENCES and names.pk_of(target, value[0]) is None:
                        missing[target].add(str(value[0]))
                if len(chunk) == CHUNK:
                    clashing += model._base_manager.filter(pk__in=chunk).count()
                    chunk = []
            if chunk:
                clashing += model._base_manager.filter(pk__in=chunk).count()
            if clashing:
                clashes.append(_plural(model, clashing))
        if count != manifest["counts"].get(label):
            raise RestoreError(f"This backup is damaged: it holds {count} {label} records, its manifest says "
                               f"{manifest['counts'].get(label)}.")
    if missing:
        lacking = "; ".join(
            f"{apps.get_model(label)._meta.verbose_name_plural} {', '.join(sorted(keys)[:5])}"
            f"{' and more' if len(keys) > 5 else ''} ({REFERENCES[label].how_to_load})"
            for label, keys in sorted(missing.items())
        )
        raise RestoreError(f"This database lacks reference data that the backup refers to: {lacking}.")
    if clashes:
        raise RestoreError(
            f"Records with the same keys as this backup's already exist here ({', '.join(clashes[:5])}"
            f"{' and more' if len(clashes) > 5 else ''}): restore into an empty database, or into one whose other "
            "organisations were not copied from the database this backup came from."
        )


def _decode(row: dict[str, Any], references: dict[str, str], names: _Names) -> dict[str, Any]:
    for field_name, label in references.items():
        value = row["fields"].get(field_name)
        if isinstance(value, list):
            row["fields"][field_name] = names.pk_of(label, value[0])
    return row


def _restore_users(archive: zipfile.ZipFile, names: _Names) -> tuple[int, int]:
    """Make each user of the backup whose username this database lacks; keep those it has as they are."""
    created = matched = 0
    user_label = get_user_model()._meta.label
    for item in serializers.deserialize("python", _rows(archive, USERS_LABEL)):
        user: Any = item.object
        if user.pk is not None:
            matched += 1
            continue
        user.is_staff = user.is_superuser = False
        item.save()
        names.add(user_label, item.object.pk, user.get_username())
        created += 1
    return created, matched


def restore_organisation(
    data: bytes | IO[bytes], *, actor: Any = None, progress: ProgressFactory | None = None
) -> RestoreResult:
    """Restore the organisation backed up in ``data`` (a file's bytes or a binary stream) into this database,
    all or nothing. Raises RestoreError, with nothing written, if the file or the database will not do."""
    progress = progress or _no_progress
    archive = _open(data)
    with archive:
        manifest = _manifest(archive)
        _check_files(archive, manifest)
        names = _Names()
        _check_target(archive, manifest, names)
        counts: dict[str, int] = {}
        written: list[type[models.Model]] = []
        try:
            with transaction.atomic():
                created, matched = _restore_users(archive, names)
                counts[USERS_LABEL] = created + matched
                for label in manifest["models"]:
                    if label == USERS_LABEL:
                        continue
                    model = _model(label)
                    references = _reference_fields(model)
                    rows = (_decode(row, references, names) for row in _rows(archive, label))
                    with progress(label, manifest["counts"][label]) as bar:
                        count = 0
                        for item in serializers.deserialize("python", rows):
                            item.save(force_insert=True)
                            count += 1
                            if count % CHUNK == 0:
                                bar.update(CHUNK)
                        bar.update(count % CHUNK)
                    counts[label] = count
                    written.append(model)
                _reset_sequences(written)
                organisation = Organisation.objects.get(slug=manifest["organisation"]["slug"])
        except (IntegrityError, DatabaseError, DeserializationError) as error:
            raise RestoreError(f"The restore failed and nothing was written: {error}") from error
    return RestoreResult(organisation, counts, users_created=created, users_matched=matched)


def _reset_sequences(written: Iterable[type[models.Model]]) -> None:
    """After writing rows with their own keys, move PostgreSQL's sequences past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(written))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# --- What a backup holds, in words --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentLine:
    label: str
    count: int
    words: str


def backup_contents(organisation: Organisation) -> tuple[list[ContentLine], int]:
    """The organisation's records by type ("2,000 projects"), leaving out link tables and history, and the
    number of history rows: a count query per model."""
    lines = []
    history = 0
    for part in backup_parts():
        meta = part.model._meta
        if meta.auto_created or "_" in part.model.__name__:
            continue  # the links between records, and their history
        count = part.queryset(organisation.pk).count()
        if part.model.__name__.startswith("Historical"):
            history += count
        elif count and part.model is not Organisation:
            lines.append(ContentLine(meta.label, count, _plural(part.model, count)))
    return lines, history
