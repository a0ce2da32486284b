"""The import engine every register shares.

An app describes one kind of sheet with an `Importer` subclass in its ``imports.py`` (its
columns, its model, how a row finds its record by natural key, who may use it). The engine:

1. reads the sheet (`reader.read_sheet`: safe open, header found under title rows, empty rows
   skipped), and turns every cell into a typed value (`columns.Column.parse`);
2. asks the importer to match each row to an existing record (one query per lookup table for
   the whole file, never one per row) or to build a new one;
3. validates each record as ``full_clean`` would — field validators, choices, lengths, the
   model's ``clean()``, its check constraints (evaluated in memory) — and the uniqueness
   of natural keys inside the file and against the database in memory, so 10,000 rows
   cost no 10,000 queries;
4. writes nothing unless no row has an error, then creates and updates in bulk inside one
   transaction (with their history rows), so a failure half-way leaves the database as it
   was.

A row whose values equal the record's is skipped, so importing the same file twice changes
nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import (
    CharField,
    CheckConstraint,
    F,
    ForeignKey,
    IntegerField,
    Model,
    Q,
    TextField,
)
from django.db.models.expressions import DatabaseDefault
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from portal.imports.columns import CellError, Column
from portal.imports.reader import FileRejected, read_sheet

BATCH = 1000


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Result:
    """What an import would do (a preview) or did."""

    kind: str
    rows: int = 0
    create: int = 0
    update: int = 0
    skip: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    written: bool = False
    samples: list[dict] = field(default_factory=list)  # first rows to create / update

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    def as_dict(self) -> dict:
        return {"kind": self.kind, "rows": self.rows, "create": self.create,
                "update": self.update, "skip": self.skip, "file_error": self.file_error,
                "errors": [e.as_dict() for e in self.errors], "written": self.written,
                "samples": self.samples}


class RowFailed(Exception):
    """Raised by an importer for an error of the row as a whole or of one column."""

    def __init__(self, message, column: str = ""):
        super().__init__(message)
        self.message, self.column = str(message), column


class Importer:
    """One kind of sheet. Subclasses set the attributes and implement `prepare` and
    `match`; see `schools.imports` for examples."""

    kind: str = ""
    title = ""  # the register's name, also the template's sheet title
    model = None
    columns: list[Column] = []
    roles: frozenset[str] = frozenset()  # who may import it in the portal
    update_fields: tuple[str, ...] = ()  # fields a re-import may change
    list_url: str = ""  # the register's page (a url name)
    # Model fields clean_fields() must not check: foreign keys resolved by `match` (their
    # existence was checked through the scoped lookup tables).
    exclude_from_clean: tuple[str, ...] = ()
    change_reason = ""  # the history rows' reason; "Imported from a spreadsheet" if empty

    def __init__(self, *, user=None, district=None):
        """``user`` None: the command line, every school of ``district``."""
        self.user, self.district = user, district

    # -- to implement --------------------------------------------------------------------
    def plan_rows(self, rows, progress=None):
        """(Result, records to create, records to update) for the sheet's rows, nothing
        written. The engine's `plan` (one record per row, through `prepare` and `match`);
        a sheet of another shape (a plan's offline score sheet: one row per inspection)
        plans its own rows and shares the rest: preview, confirm, the write and its hooks."""
        return plan(self, rows, progress)

    def prepare(self, rows: list[dict]) -> None:
        """Load what matching needs for the whole file (a few queries)."""

    def match(self, values: dict):
        """Return (instance, natural key) for the row: an existing record with the row's
        values set on it, or a new unsaved one. Raise `RowFailed` for a row that cannot be
        matched (unknown school, another school's row…)."""
        raise NotImplementedError

    # -- helpers for importers -----------------------------------------------------------
    @property
    def secretary_school_id(self):
        user = self.user
        if user is not None and not user.is_superuser and user.is_secretary:
            return user.school_id
        return None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def label(self, key: str) -> str:
        try:
            return str(self.column(key).label)
        except StopIteration:
            return ""

    def before_write(self, created: list, updated: list) -> None:
        """Hook inside the transaction, before the writes: lock and re-check the parents
        (raise ValidationError to refuse the whole file)."""

    def after_write(self, created: list, updated: list) -> None:
        """Hook for denormalised counters and the like, inside the transaction."""


def _field_label(importer: Importer, field_name: str) -> str:
    if field_name == NON_FIELD_ERRORS:
        return ""
    label = importer.label(field_name)
    if label:
        return label
    try:
        return str(importer.model._meta.get_field(field_name).verbose_name)
    except Exception:  # noqa: BLE001
        return field_name


def _validation_errors(importer, number: int, error: ValidationError) -> list[RowError]:
    out = []
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                out.append(RowError(number, _field_label(importer, name), message))
    else:
        for message in error.messages:
            out.append(RowError(number, "", message))
    return out


_COMPARE = {
    "exact": lambda a, b: a == b, "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b,
}


def _evaluate(q: Q, instance):
    """A check constraint's condition on an unsaved instance, in SQL's three-valued logic
    (None: unknown, which a CHECK lets pass). Raises NotImplementedError for what it does not
    know; the caller then asks the database, like Model.validate_constraints."""
    meta = instance._meta
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(_evaluate(child, instance))
            continue
        if not isinstance(child, tuple):  # an expression
            raise NotImplementedError
        key, value = child
        name, _sep, lookup = key.partition("__")
        lookup = lookup or "exact"
        left = getattr(instance, meta.get_field(name).attname)
        if isinstance(value, F):
            value = getattr(instance, meta.get_field(value.name).attname)
        elif not isinstance(value, str | int | float | Decimal | date | bool | type(None)):
            raise NotImplementedError
        if lookup == "isnull":
            results.append((left is None) == bool(value))
        elif lookup == "exact" and value is None:
            results.append(left is None)
        elif lookup in _COMPARE:
            results.append(None if left is None or value is None
                           else bool(_COMPARE[lookup](left, value)))
        else:
            raise NotImplementedError
    if q.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        result = False if False in results else (None if None in results else True)
    if q.negated and result is not None:
        result = not result
    return result


def _condition_attnames(q: Q, meta) -> set[str]:
    """The attributes a condition reads; NotImplementedError when it reads more than fields
    and constants (an expression: then it cannot be remembered by the values)."""
    names = set()
    for child in q.children:
        if isinstance(child, Q):
            names |= _condition_attnames(child, meta)
            continue
        if not isinstance(child, tuple):  # an expression
            raise NotImplementedError
        key, value = child
        names.add(meta.get_field(key.partition("__")[0]).attname)
        if isinstance(value, F):
            names.add(meta.get_field(value.name).attname)
        elif not isinstance(value, str | int | float | Decimal | date | bool | type(None)):
            raise NotImplementedError
    return names


def check_constraints(instance, memo: dict | None = None) -> None:
    """The model's check constraints, in memory (no query per row when it can). ``memo``
    (one dict for the rows of a file) remembers each condition's outcome by the values it
    reads, so the rows sharing them are not evaluated again."""
    errors = []
    for constraint in instance._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        key = None
        if memo is not None:
            name = constraint.name  # unique in the model; a constraint is not hashable
            try:
                names = memo[name]
            except KeyError:
                try:
                    names = memo[name] = tuple(sorted(
                        _condition_attnames(constraint.condition, instance._meta)))
                except NotImplementedError:
                    names = memo[name] = None
            if names is not None:
                key = (name, *(getattr(instance, n) for n in names))
                try:
                    passed = memo.get(key)
                except TypeError:  # a value that cannot be a key (a JSON list…)
                    key = passed = None
                if passed is not None:
                    if not passed:
                        errors.append(constraint.get_violation_error_message())
                    continue
        try:
            passed = _evaluate(constraint.condition, instance) is not False
        except NotImplementedError:
            try:
                constraint.validate(type(instance), instance)
                passed = True
            except ValidationError:
                passed = False
        if key is not None:
            memo[key] = passed
        if not passed:
            errors.append(constraint.get_violation_error_message())
    if errors:
        raise ValidationError(errors)


# Fields whose clean() depends on the value alone (a ForeignKey's on the row existing, the
# same for the whole file): a value found valid once is not checked again in that file.
_KEYS = {str: None, int: None, bool: None, date: None, Decimal: str}


class FieldCleaner:
    """``Model.clean_fields(exclude)`` for the rows of one file: every field of every row is
    checked (to_python, validate, validators), but a value already found valid for a field
    returns its cleaned value from a memo instead of running the same checks again. Values
    are remembered by type and value (a Decimal by its digits: 1.0 and 1.00 differ for the
    decimal places), and only for Django's own fields; a model with its own clean_fields,
    or a field of another kind, is checked as before."""

    def __init__(self, model, exclude):
        self.exclude = exclude
        self.own = model.clean_fields is not Model.clean_fields
        self.fields = [
            (f, f.attname, f.blank, f.empty_values,
             {} if type(f).__module__.startswith("django.db.models.") else None)
            for f in model._meta.fields if f.name not in exclude and not f.generated]

    def clean(self, instance) -> None:
        if self.own:
            instance.clean_fields(exclude=self.exclude)
            return
        errors = {}
        for f, attname, blank, empty, memo in self.fields:
            value = getattr(instance, attname)
            if blank and value in empty:
                continue
            if isinstance(value, DatabaseDefault):
                continue
            key = None
            if memo is not None:
                cls = value.__class__
                if cls in _KEYS:
                    key = (cls, value if _KEYS[cls] is None else _KEYS[cls](value))
                    try:
                        cleaned = memo[key]
                    except KeyError:
                        pass
                    else:
                        if cleaned is not value:
                            setattr(instance, attname, cleaned)
                        continue
            try:
                cleaned = f.clean(value, instance)
            except ValidationError as e:
                errors[f.name] = e.error_list
                continue
            setattr(instance, attname, cleaned)
            if key is not None:
                memo[key] = cleaned
        if errors:
            raise ValidationError(errors)


def _snapshot(instance, names) -> tuple:
    return tuple(getattr(instance, n) for n in names)


def plan(importer: Importer, rows: Iterable[tuple[int, dict]],
         progress: Callable[[int], None] | None = None):
    """Read, match and validate every row. Returns (result, to_create, to_update)."""
    result = Result(kind=importer.kind)
    parsed = []
    required = _("This column must be filled in.")
    # A cell's value depends on the cell alone: the same raw value (same type) in a column
    # is parsed once per file.
    columns = [(c, c.key, c.required, {}) for c in importer.columns]
    for number, raw in rows:
        values = {}
        bad = None
        for column, key, needed, memo in columns:
            cell = raw.get(key)
            try:
                value = memo[(cell.__class__, cell)]
            except (KeyError, TypeError):  # not seen yet, or not hashable
                try:
                    value = column.parse(cell)
                except CellError as exc:
                    result.errors.append(RowError(number, str(column.label), str(exc)))
                    values[key] = None
                    bad = bad or set()
                    bad.add(key)
                    continue
                try:
                    memo[(cell.__class__, cell)] = value
                except TypeError:
                    pass
            values[key] = value
            if value is None and needed:
                result.errors.append(RowError(number, str(column.label), required))
                bad = bad or set()
                bad.add(key)
        if bad:
            values["_bad"] = bad
        parsed.append((number, values))
    result.rows = len(parsed)
    importer.prepare([v for _n, v in parsed])
    to_create, to_update, seen = [], [], {}
    names = importer.update_fields
    cleaner = FieldCleaner(importer.model, importer.exclude_from_clean)
    own_clean = importer.model.clean is not Model.clean
    constraint_memo = {}
    for index, (number, values) in enumerate(parsed, start=1):
        if progress and index % BATCH == 0:
            progress(index)
        if values.get("_bad"):
            continue
        try:
            instance, key = importer.match(values)
        except RowFailed as exc:
            result.errors.append(RowError(number, exc.column, exc.message))
            continue
        if key in seen:
            result.errors.append(RowError(number, "", _(
                "The same record is already in row %(row)s of this file.") % {"row": seen[key]}))
            continue
        seen[key] = number
        try:
            cleaner.clean(instance)
            if own_clean:
                instance.clean()
            check_constraints(instance, constraint_memo)
        except ValidationError as exc:
            result.errors.extend(_validation_errors(importer, number, exc))
            continue
        if instance.pk is None:
            to_create.append(instance)
            if len(result.samples) < 20:
                result.samples.append({"row": number, "action": "create", "text": str(instance)})
        elif _snapshot(instance, names) != getattr(instance, "_import_before", None):
            to_update.append(instance)
            if len(result.samples) < 20:
                result.samples.append({"row": number, "action": "update", "text": str(instance)})
        else:
            result.skip += 1
    result.create, result.update = len(to_create), len(to_update)
    result.errors.sort(key=lambda e: e.row)
    return result, to_create, to_update


class OneForOne:
    """Stored records matched to a file's rows one for one, for registers where several
    records may share their natural key (two identical sessions on one day). A row equal to a
    record claims it first (`claim_equal`, for every row before matching), so an unchanged
    export changes nothing; another row takes the one record of its key left unclaimed; a row
    that could change either of two raises `Ambiguous`, which the importer words."""

    class Ambiguous(Exception):
        pass

    def __init__(self, records, key: Callable, values: Callable):
        self.values = values
        self.stored: dict = {}
        for record in records:
            self.stored.setdefault(key(record), []).append(record)
        self.claimed: set = set()
        self.equal: dict = {}

    def claim_equal(self, row, key, same) -> None:
        record = next((r for r in self.stored.get(key, ())
                       if r.pk not in self.claimed and self.values(r) == same), None)
        if record is not None:
            self.claimed.add(record.pk)
            self.equal[id(row)] = record

    def find(self, row, key, same):
        """The stored record the row stands for, or None for a new one."""
        record = self.equal.get(id(row))
        if record is not None:
            return record
        stored = self.stored.get(key, ())
        twin = next((r for r in stored if self.values(r) == same), None)
        if twin is not None:  # a second copy of a row that claimed it: the engine refuses it
            return twin
        free = [r for r in stored if r.pk not in self.claimed]
        if len(free) > 1:
            raise OneForOne.Ambiguous
        if free:
            self.claimed.add(free[0].pk)
            return free[0]
        return None


def remember(instance, importer: Importer):
    """Call on an existing record before setting the row's values on it, so an unchanged row
    is recognised and skipped."""
    instance._import_before = _snapshot(instance, importer.update_fields)
    return instance


def run(importer: Importer, data: bytes, *, write: bool,
        progress: Callable[[int], None] | None = None, change_reason: str = "") -> Result:
    """Preview (``write=False``) or import a file. Nothing is written when any row fails."""
    try:
        result, to_create, to_update = importer.plan_rows(
            read_sheet(data, importer.columns), progress)
    except FileRejected as exc:
        return Result(kind=importer.kind, file_error=str(exc))
    if not write or not result.ok or not (to_create or to_update):
        return result
    user = importer.user
    reason = change_reason or str(importer.change_reason) or _("Imported from a spreadsheet")
    try:
        _write(importer, to_create, to_update, user, reason)
    except ValidationError as exc:
        result.errors.append(RowError(0, "", " ".join(exc.messages)))
        return result
    except PermissionDenied as exc:  # refused by before_write (e.g. taken off the team)
        result.errors.append(RowError(0, "", str(exc)))
        return result
    result.written = True
    return result


def _write(importer, to_create, to_update, user, reason) -> None:
    model = importer.model
    with transaction.atomic():
        importer.before_write(to_create, to_update)
        if to_create:
            if connections[router.db_for_write(model)].features.can_return_rows_from_bulk_insert:
                model._default_manager.bulk_create(to_create, batch_size=BATCH)
                write_history(model, to_create, "+", user, reason)
            else:  # no primary keys back from a bulk insert: the library finds the rows again
                bulk_create_with_history(to_create, model, batch_size=BATCH,
                                         default_user=user, default_change_reason=reason)
        if to_update:
            model._default_manager.bulk_update(to_update, list(importer.update_fields),
                                               batch_size=BATCH)
            write_history(model, to_update, "~", user, reason)
        importer.after_write(to_create, to_update)


def _stored_as_is(f, connection):
    """The type of value Django's field sends to the database unchanged (its
    get_db_prep_save returns a str for a CharField or TextField as it is; an int for an
    integer field or a key to one, unless the backend wraps integers, as psycopg 3's
    does), or None."""
    if not f.__class__.__module__.startswith("django.db.models."):
        return None
    if isinstance(f, ForeignKey):
        return _stored_as_is(f.target_field, connection)
    if isinstance(f, CharField | TextField):
        return str
    if isinstance(f, IntegerField | AutoFieldMixin) and (
            type(connection.ops).adapt_integerfield_value
            is BaseDatabaseOperations.adapt_integerfield_value):
        return int
    return None


_HISTORY_OWN = {"history_id", "history_date", "history_change_reason", "history_type",
                "history_user"}


def write_history(model, objs: list, history_type: str, user, reason: str) -> None:
    """The history rows of ``objs`` as django-simple-history's ``bulk_history_create``
    writes them (the record's tracked fields, the date, the user, the reason, ``+`` or
    ``~``), inserted with one statement per batch of rows (values prepared once per field
    and value) instead of one history model instance per row through ``bulk_create``: the
    same rows at a fraction of the cost. A history model with fields of its own (custom
    attributes, a history relation) goes through the library."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    manager = get_history_manager_for_model(model)
    history = manager.model
    meta = history._meta
    tracked = {f.name: f.attname for f in history.tracked_fields}
    names = {f.name for f in meta.concrete_fields}
    if (names - _HISTORY_OWN - set(tracked) or not {"history_date", "history_user"} <= names
            or hasattr(history, "history_relation")
            or not isinstance(meta.pk, AutoFieldMixin)
            or any(hasattr(o, "_history_user") or hasattr(o, "_history_date") for o in objs)):
        manager.bulk_history_create(objs, batch_size=BATCH, update=history_type == "~",
                                    default_user=user, default_change_reason=reason)
        return
    connection = connections[router.db_for_write(history)]
    if user is None:
        user = history.get_default_history_user(objs[0])  # the request's user, if any
    constants = {
        "history_date": timezone.now(),
        "history_user": getattr(user, "pk", user),
        "history_type": history_type,
    }
    columns, converters, fixed, fields = [], [], [], []
    for f in meta.concrete_fields:
        if f.primary_key or f.name == "history_change_reason":
            continue
        columns.append(f.column)
        fields.append(f)
        if f.name in constants:
            fixed.append((len(converters), f.get_db_prep_save(constants[f.name], connection)))
            converters.append(None)
        else:
            converters.append((tracked[f.name], f, {}, _stored_as_is(f, connection)))
    reason_field = meta.get_field("history_change_reason")
    columns.append(reason_field.column)
    fields.append(reason_field)
    quote = connection.ops.quote_name
    insert = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = f"({', '.join(['%s'] * len(columns))})"
    rows = []
    template = [None] * len(columns)
    for index, value in fixed:
        template[index] = value
    for obj in objs:
        row = list(template)
        for index, converter in enumerate(converters):
            if converter is None:
                continue
            attname, f, memo, as_is = converter
            value = getattr(obj, attname)
            cls = value.__class__
            if cls is as_is:
                row[index] = value
                continue
            key = (cls, value)
            try:
                row[index] = memo[key]
            except KeyError:
                row[index] = memo[key] = f.get_db_prep_save(value, connection)
            except TypeError:  # not hashable
                row[index] = f.get_db_prep_save(value, connection)
        row[-1] = getattr(obj, "_change_reason", None) or reason
        rows.append(row)
    # Multi-row VALUES (as bulk_create does, faster than executemany), as many rows per
    # statement as the backend takes parameters.
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            cursor.execute(insert + ", ".join([one] * len(chunk)),
                           [value for row in chunk for value in row])
