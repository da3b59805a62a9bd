"""Import and export of organisations, services and locations (django-import-export).

Columns are readable and stable: slugs for organisations, types, categories, population
groups and languages (ISO codes), `_el`/`_en` for the Greek and English texts. Every row
goes through the model's `full_clean()` plus our own checks (ΑΦΜ, the Greek
name), and every problem is reported in plain words against its column. The admin previews
the whole file first (a dry run inside a transaction) and imports only a file without a
single error; re-importing the same file changes nothing (unchanged rows are skipped).
Saves go through the models' `save()`, so search text is rebuilt and simple_history records
each change with the importing user.

Why one module of about 680 lines: the base resource's hooks (validation, history, skipping
unchanged rows) and the three model resources that override them read best side by side.
How one cell is read and written, and the preview's diff, are in members.imports.columns;
the checks on a whole file before any row is read in members.imports.files.
"""

import uuid
from collections import Counter

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from accmr.lib.greek_ids import (
    validate_afm,
    validate_gemi,
    validate_ngo_registry_number,
)
from accmr.lib.spreadsheet import safe_cell
from accmr.lib.text import fold, latin_slug
from accmr.lib.translated_fields import translated_fields
from accmr.lib.translated_history import bulk_history, history_recorder
from members.imports.columns import (
    ChangesDiff,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    DigitsWidget,
    PhonesWidget,
    SlugListWidget,
    SlugWidget,
    TextWidget,
    UUIDWidget,
    YesNoWidget,
    cell_text,
)
from members.models import (
    Community,
    Language,
    Location,
    Organisation,
    OrganisationType,
    PopulationGroup,
    Service,
    ServiceCategory,
    ServiceStatus,
    Status,
)


class BaseResource(resources.ModelResource):
    """Shared behaviour: plain-words validation, history, no-change skipping, safe export."""

    class Meta:
        # Options every import shares (each resource's own Meta adds the rest): one
        # transaction for the whole file, every row reported with its values for the preview,
        # unchanged rows skipped, and models validated (full_clean) before anything is saved.
        skip_unchanged = True
        report_skipped = True
        skip_diff = False
        store_row_values = True
        use_transactions = True
        clean_model_instances = True

    uuid = fields.Field("uuid", "uuid", UUIDWidget(), saves_null_values=False)

    BATCH = 500
    required_columns: tuple[str, ...] = ()
    #: Foreign keys resolved from our own lookups, so full_clean need not re-check them.
    resolved_relations: tuple[str, ...] = ()

    def get_diff_class(self):
        return ChangesDiff

    def before_import(self, dataset, **kwargs):
        self._created = []
        for field in self.fields.values():
            if hasattr(field.widget, "reset"):
                field.widget.reset()
        self._line_problems = {}
        self._used_uuids = set()
        if dataset.headers and "uuid" in dataset.headers:
            self._mark_repeats(dataset, "uuid")
            wanted = set()
            for value in dataset.get_col(dataset.headers.index("uuid")):
                try:
                    wanted.add(uuid.UUID(cell_text(value)))
                except ValueError:
                    continue
            model = self._meta.model
            self._used_uuids = set(
                model.objects.filter(uuid__in=wanted).values_list("uuid", flat=True)
            )
        self.prepare_dataset(dataset)

    def prepare_dataset(self, dataset) -> None:
        """Fill in derived columns (slugs) and note rows that repeat another row."""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        problem = self._line_problems.get(kwargs.get("row_number"))
        if problem:
            errors[problem[0]] = ValidationError(problem[1])
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # Many-to-many values are saved later; check them now so a typo is a plain error,
        # and keep them for the preview and the save.
        instance._import_m2m = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    instance._import_m2m[field.attribute] = field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = ValidationError(str(exc))
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if self._is_dry_run(kwargs):
            # The preview writes nothing: every check it needs runs before saving (our
            # lookups, full_clean, repeated keys), and the real import runs in a transaction
            # that is rolled back if anything fails.
            return
        # One history record per row, written once its many-to-many values are saved too
        # (simple_history would otherwise add one record per many-to-many field).
        instance.skip_history_when_saving = True
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs):
            return
        if getattr(instance, "_import_new", False):
            # New rows: links and history are written in bulk, every BATCH rows and at the end.
            self._created.append(instance)
            if len(self._created) >= self.BATCH:
                self._write_created()
            return
        for attribute, values in getattr(instance, "_import_m2m", {}).items():
            getattr(instance, attribute).set(values)
        del instance.skip_history_when_saving
        history_recorder(type(instance)).create_historical_record(instance, "~")

    def _write_created(self) -> None:
        model = self._meta.model
        for attribute in {a for instance in self._created for a in instance._import_m2m}:
            field = model._meta.get_field(attribute)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": instance.pk, f"{target}_id": related.pk})
                    for instance in self._created
                    for related in instance._import_m2m.get(attribute, [])
                ],
                batch_size=self.BATCH,
            )
        bulk_history(self._created, model)
        self._created = []

    def after_import(self, dataset, result, **kwargs):
        if not self._is_dry_run(kwargs):
            self._write_created()
        super().after_import(dataset, result, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_new = new
        instance._stored_uuid = None if new else instance.uuid
        # The many-to-many values as loaded (prefetched), kept as plain lists: import-export
        # deep-copies the instance to compare, and a copy loses Django's prefetch cache.
        instance._loaded_m2m = {
            field.attribute: [] if new else list(field.get_value(instance).all())
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget)
        }

    def after_import_row(self, row, row_result, **kwargs):
        # import-export keeps a deep copy of every updated record; the preview only needs
        # the changes already listed in row_result.diff, so memory stays per row small.
        row_result.original = None

    def check_instance(self, instance) -> dict:
        """Our checks beyond the model's: {field: message}."""
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for field, message in [*self._check_uuid(instance), *self.check_instance(instance).items()]:
            errors.setdefault(field, ValidationError(message))
        model = self._meta.model
        exclude = set(errors) | set(self.resolved_relations) | set(translated_fields(model))
        exclude |= {"search_text"}
        try:
            # Uniqueness needs no query per row: the unique columns are the slug and the uuid;
            # the instance loader already found every existing record whose slug is in the
            # file (so a slug not found is free), the uuids in use were read once
            # (_check_uuid), and repeated values are reported per line.
            instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _check_uuid(self, instance) -> list[tuple[str, str]]:
        """A record keeps its UUID for ever; a new record may bring one (from an export of
        this or another portal) unless another record already has it."""
        stored = getattr(instance, "_stored_uuid", None)
        if stored is not None and instance.uuid != stored:
            message = _("This record's uuid is {uuid}; a uuid never changes.")
            return [("uuid", message.format(uuid=stored))]
        if stored is None and instance.uuid in self._used_uuids:
            message = _("The uuid {uuid} belongs to another record.")
            return [("uuid", message.format(uuid=instance.uuid))]
        return []

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                wanted = sorted(obj.pk for obj in field.clean(row))
                if wanted != sorted(obj.pk for obj in original._loaded_m2m[field.attribute]):
                    return False
            elif _comparable(field.get_value(instance)) != _comparable(field.get_value(original)):
                return False
        return True

    def before_save_instance(self, instance, row, **kwargs):
        name = kwargs.get("file_name") or ""
        instance._change_reason = f"Import {name}"[:100].strip()
        user = kwargs.get("user")
        if user is not None and getattr(user, "is_authenticated", False):
            instance._history_user = user

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))

    def _mark_repeats(self, dataset, column: str) -> None:
        values = [cell_text(v) for v in dataset.get_col(dataset.headers.index(column))]
        counts = Counter(v for v in values if v)
        first_line = {}
        for number, value in enumerate(values, start=1):
            if value and counts[value] > 1:
                if value in first_line:
                    self._line_problems[number] = (
                        column,
                        _("Line {line} has the same {column} “{value}” as line {first}.").format(
                            line=number + 1, column=column, value=value, first=first_line[value]
                        ),
                    )
                else:
                    first_line[value] = number + 1

    def _fill_column(self, dataset, column: str, make) -> None:
        """Give every row a value in `column`, computing missing ones with make(row)."""
        if not len(dataset):
            return
        if column not in dataset.headers:
            dataset.append_col([""] * len(dataset), header=column)
        headers = list(dataset.headers)
        rows = [dict(zip(headers, row, strict=True)) for row in dataset]
        for row in rows:
            if not cell_text(row.get(column)):
                row[column] = make(row)
        del dataset[:]
        for row in rows:
            dataset.append([row[h] for h in headers])


def _comparable(value):
    return "" if value is None else value


class OrganisationResource(BaseResource):
    slug = fields.Field("slug", "slug", TextWidget())
    name_el = fields.Field("name_el", "name_el", TextWidget())
    name_en = fields.Field("name_en", "name_en", TextWidget())
    short_name = fields.Field("short_name", "short_name", TextWidget())
    type = fields.Field(
        "type",
        "type",
        SlugWidget(OrganisationType, gettext_lazy("Unknown organisation type “{value}”.")),
    )
    status = fields.Field("status", "status", ChoiceWidget(Status.choices), saves_null_values=False)
    description_el = fields.Field("description_el", "description_el", TextWidget())
    description_en = fields.Field("description_en", "description_en", TextWidget())
    website = fields.Field("website", "website", TextWidget())
    email = fields.Field("email", "email", TextWidget())
    phone = fields.Field("phone", "phone", PhonesWidget())
    facebook = fields.Field("facebook", "facebook", TextWidget())
    instagram = fields.Field("instagram", "instagram", TextWidget())
    linkedin = fields.Field("linkedin", "linkedin", TextWidget())
    x_twitter = fields.Field("x_twitter", "x_twitter", TextWidget())
    is_member = fields.Field("is_member", "is_member", YesNoWidget(), saves_null_values=False)
    member_since = fields.Field(
        "member_since", "member_since", DateWidget(), saves_null_values=False
    )
    tax_number = fields.Field("tax_number", "tax_number", DigitsWidget(pad=9))
    gemi_number = fields.Field("gemi_number", "gemi_number", DigitsWidget())
    ngo_registry_number = fields.Field("ngo_registry_number", "ngo_registry_number", TextWidget())
    last_checked = fields.Field(
        "last_checked", "last_checked", DateWidget(), saves_null_values=False
    )

    required_columns = ("name_el", "type")
    resolved_relations = ("type",)

    class Meta:
        model = Organisation
        name = "organisations"
        fields = (
            "uuid", "slug", "name_el", "name_en", "short_name", "type", "status", "description_el",
            "description_en", "website", "email", "phone", "facebook", "instagram", "linkedin",
            "x_twitter", "is_member", "member_since", "tax_number", "gemi_number",
            "ngo_registry_number", "last_checked",
        )  # fmt: skip
        import_id_fields = ["slug"]
        instance_loader_class = CachedInstanceLoader

    def prepare_dataset(self, dataset):
        # Without a slug, a row updates the organisation with the same Greek (or else English)
        # name, so correcting one of the names does not create a duplicate.
        by_name = {}
        for slug, name_el, name_en in Organisation.objects.values_list(
            "slug", "name_el", "name_en"
        ):
            by_name.setdefault(("el", fold(name_el)), slug)
            by_name.setdefault(("en", fold(name_en)), slug)

        def make(row):
            for lang in ("el", "en"):
                name = fold(cell_text(row.get(f"name_{lang}")))
                if name and (lang, name) in by_name:
                    return by_name[(lang, name)]
            return latin_slug(cell_text(row.get("name_en")) or cell_text(row.get("name_el")), 120)

        self._fill_column(dataset, "slug", make)
        self._mark_repeats(dataset, "slug")

    def get_queryset(self):
        return Organisation.objects.select_related("type")

    def check_instance(self, instance):
        errors = {}
        if not (instance.name_el or "").strip():
            errors["name_el"] = _("The Greek name (name_el) is missing.")
        if not instance.slug:
            errors["slug"] = _("No slug could be made from the names; fill in the slug column.")
        if instance.type_id is None:
            errors["type"] = _("The organisation type is missing.")
        for field, validate in (
            ("tax_number", validate_afm),
            ("gemi_number", validate_gemi),
            ("ngo_registry_number", validate_ngo_registry_number),
        ):
            value = getattr(instance, field)
            if value:
                try:
                    validate(value)
                except ValidationError as exc:
                    errors[field] = exc.messages[0]
        if instance.last_checked and instance.last_checked > timezone.localdate():
            errors["last_checked"] = _("The date it was last checked is in the future.")
        return errors


class ServiceResource(BaseResource):
    slug = fields.Field("slug", "slug", TextWidget())
    organisation = fields.Field(
        "organisation",
        "organisation",
        SlugWidget(Organisation, gettext_lazy("Unknown organisation “{value}” (use its slug).")),
    )
    name_el = fields.Field("name_el", "name_el", TextWidget())
    name_en = fields.Field("name_en", "name_en", TextWidget())
    category = fields.Field(
        "category",
        "category",
        SlugWidget(ServiceCategory, gettext_lazy("Unknown category “{value}”.")),
    )
    subcategory = fields.Field(
        "subcategory",
        "subcategory",
        SlugWidget(ServiceCategory, gettext_lazy("Unknown sub-category “{value}”.")),
    )
    status = fields.Field(
        "status", "status", ChoiceWidget(ServiceStatus.choices), saves_null_values=False
    )
    description_el = fields.Field("description_el", "description_el", TextWidget())
    description_en = fields.Field("description_en", "description_en", TextWidget())
    eligibility_el = fields.Field("eligibility_el", "eligibility_el", TextWidget())
    eligibility_en = fields.Field("eligibility_en", "eligibility_en", TextWidget())
    how_to_access_el = fields.Field("how_to_access_el", "how_to_access_el", TextWidget())
    how_to_access_en = fields.Field("how_to_access_en", "how_to_access_en", TextWidget())
    population_groups = fields.Field(
        "population_groups",
        "population_groups",
        SlugListWidget(PopulationGroup, gettext_lazy("Unknown population groups: {value}.")),
    )
    languages = fields.Field(
        "languages",
        "languages",
        SlugListWidget(
            Language, gettext_lazy("Unknown languages: {value} (use ISO codes: el, en, ar…).")
        ),
    )
    access_walk_in = fields.Field(
        "access_walk_in", "access_walk_in", YesNoWidget(), saves_null_values=False
    )
    access_appointment = fields.Field(
        "access_appointment", "access_appointment", YesNoWidget(), saves_null_values=False
    )
    access_phone = fields.Field(
        "access_phone", "access_phone", YesNoWidget(), saves_null_values=False
    )
    access_online = fields.Field(
        "access_online", "access_online", YesNoWidget(), saves_null_values=False
    )
    access_referral = fields.Field(
        "access_referral", "access_referral", YesNoWidget(), saves_null_values=False
    )
    is_free = fields.Field("is_free", "is_free", YesNoWidget(), saves_null_values=False)
    funding_source_el = fields.Field("funding_source_el", "funding_source_el", TextWidget())
    funding_source_en = fields.Field("funding_source_en", "funding_source_en", TextWidget())
    hours_notes_el = fields.Field("hours_notes_el", "hours_notes_el", TextWidget())
    hours_notes_en = fields.Field("hours_notes_en", "hours_notes_en", TextWidget())
    phone = fields.Field("phone", "phone", PhonesWidget())
    email = fields.Field("email", "email", TextWidget())
    website = fields.Field("website", "website", TextWidget())
    last_checked = fields.Field(
        "last_checked", "last_checked", DateWidget(), saves_null_values=False
    )

    required_columns = ("organisation", "name_el", "category")
    resolved_relations = ("organisation", "category", "subcategory")

    class Meta:
        model = Service
        name = "services"
        fields = (
            "uuid", "slug", "organisation", "name_el", "name_en", "category", "subcategory",
            "status", "description_el", "description_en", "eligibility_el", "eligibility_en",
            "how_to_access_el", "how_to_access_en", "population_groups", "languages",
            "access_walk_in", "access_appointment", "access_phone", "access_online",
            "access_referral", "is_free", "funding_source_el", "funding_source_en",
            "hours_notes_el", "hours_notes_en", "phone", "email", "website", "last_checked",
        )  # fmt: skip
        import_id_fields = ["slug"]
        instance_loader_class = CachedInstanceLoader

    def prepare_dataset(self, dataset):
        # Without a slug, a row updates its organisation's service with the same Greek (or
        # else English) name, so correcting one of the names does not create a duplicate.
        if "organisation" not in (dataset.headers or []):
            return
        organisations = {
            cell_text(v) for v in dataset.get_col(dataset.headers.index("organisation"))
        }
        by_name = {}
        existing = Service.objects.filter(organisation__slug__in=organisations).values_list(
            "slug", "organisation__slug", "name_el", "name_en"
        )
        for slug, organisation, name_el, name_en in existing:
            by_name.setdefault((organisation, "el", fold(name_el)), slug)
            by_name.setdefault((organisation, "en", fold(name_en)), slug)

        def make(row):
            organisation = cell_text(row.get("organisation"))
            for lang in ("el", "en"):
                name = fold(cell_text(row.get(f"name_{lang}")))
                if name and (organisation, lang, name) in by_name:
                    return by_name[(organisation, lang, name)]
            name = cell_text(row.get("name_en")) or cell_text(row.get("name_el"))
            return latin_slug(f"{organisation} {name}", 160)

        self._fill_column(dataset, "slug", make)
        self._mark_repeats(dataset, "slug")

    def get_queryset(self):
        return Service.objects.select_related(
            "organisation", "category", "subcategory"
        ).prefetch_related("population_groups", "languages")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation", "category", "subcategory").prefetch_related(
            Prefetch("population_groups"), Prefetch("languages")
        )

    def check_instance(self, instance):
        errors = {}
        if not (instance.name_el or "").strip():
            errors["name_el"] = _("The Greek name (name_el) is missing.")
        if not instance.slug:
            errors["slug"] = _("No slug could be made from the names; fill in the slug column.")
        if instance.organisation_id is None:
            errors["organisation"] = _("The organisation is missing.")
        category = instance.category if instance.category_id else None
        subcategory = instance.subcategory if instance.subcategory_id else None
        if category is None:
            errors["category"] = _("The category is missing.")
        elif category.parent_id is not None:
            errors["category"] = _(
                "“{value}” is a sub-category; put it in the subcategory column and its parent "
                "in the category column."
            ).format(value=category.slug)
        if subcategory is not None and category is not None:
            if subcategory.parent_id != category.pk:
                errors["subcategory"] = _(
                    "“{value}” is not a sub-category of “{category}”."
                ).format(value=subcategory.slug, category=category.slug)
        if instance.last_checked and instance.last_checked > timezone.localdate():
            errors["last_checked"] = _("The date it was last checked is in the future.")
        return errors


class LocationResource(BaseResource):
    # Read-only: an id only finds an existing location, it never sets one.
    id = fields.Field("id", "id", widgets.IntegerWidget(), readonly=True)
    organisation = fields.Field(
        "organisation",
        "organisation",
        SlugWidget(Organisation, gettext_lazy("Unknown organisation “{value}” (use its slug).")),
    )
    name_el = fields.Field("name_el", "name_el", TextWidget())
    name_en = fields.Field("name_en", "name_en", TextWidget())
    address_el = fields.Field("address_el", "address_el", TextWidget())
    address_en = fields.Field("address_en", "address_en", TextWidget())
    postcode = fields.Field("postcode", "postcode", TextWidget())
    municipality_el = fields.Field("municipality_el", "municipality_el", TextWidget())
    municipality_en = fields.Field("municipality_en", "municipality_en", TextWidget())
    community = fields.Field("community", "community", ChoiceWidget(Community.choices))
    latitude = fields.Field("latitude", "latitude", DecimalWidget())
    longitude = fields.Field("longitude", "longitude", DecimalWidget())
    step_free = fields.Field("step_free", "step_free", YesNoWidget(), saves_null_values=False)
    accessibility_notes_el = fields.Field(
        "accessibility_notes_el", "accessibility_notes_el", TextWidget()
    )
    accessibility_notes_en = fields.Field(
        "accessibility_notes_en", "accessibility_notes_en", TextWidget()
    )

    required_columns = ("organisation", "address_el")
    resolved_relations = ("organisation",)

    class Meta:
        model = Location
        name = "locations"
        fields = (
            "uuid", "id", "organisation", "name_el", "name_en", "address_el", "address_en",
            "postcode", "municipality_el", "municipality_en", "community", "latitude", "longitude",
            "step_free", "accessibility_notes_el", "accessibility_notes_en",
        )  # fmt: skip
        import_id_fields = ["id"]

    def prepare_dataset(self, dataset):
        # A location has no slug: rows with a uuid update the location with that uuid, or
        # add one with it (an export of another portal); else rows with an id update that
        # location (of the same organisation); rows without either are matched on
        # organisation + Greek address.
        self._by_id = {}
        self._by_uuid = {}
        self._by_address = {}
        organisations = {
            cell_text(v) for v in dataset.get_col(dataset.headers.index("organisation"))
        }
        locations = Location.objects.filter(organisation__slug__in=organisations)
        for location in locations.select_related("organisation"):
            self._by_id[location.pk] = location
            self._by_uuid[location.uuid] = location
            key = (location.organisation.slug, fold(location.address_el))
            self._by_address.setdefault(key, location)
        seen_ids, seen_addresses = {}, {}
        for number, row in enumerate(dataset.dict, start=1):
            organisation = cell_text(row.get("organisation"))
            raw_id = cell_text(row.get("id"))
            row_uuid = self._row_uuid(row)
            if row_uuid is not None:
                location = self._by_uuid.get(row_uuid)
                if location is not None and location.organisation.slug != organisation:
                    self._line_problems.setdefault(
                        number,
                        (
                            "uuid",
                            _("The location {uuid} belongs to another organisation.").format(
                                uuid=row_uuid
                            ),
                        ),
                    )
                continue
            if raw_id:
                location = self._by_id.get(int(raw_id)) if raw_id.isdigit() else None
                if location is None or location.organisation.slug != organisation:
                    self._line_problems[number] = (
                        "id",
                        _(
                            "There is no location {id} of organisation “{organisation}”; leave "
                            "the id empty to add a new location."
                        ).format(id=raw_id, organisation=organisation),
                    )
                elif raw_id in seen_ids:
                    self._line_problems[number] = (
                        "id",
                        _("Line {line} has the same id as line {first}.").format(
                            line=number + 1, first=seen_ids[raw_id]
                        ),
                    )
                seen_ids.setdefault(raw_id, number + 1)
                continue
            key = (organisation, fold(cell_text(row.get("address_el"))))
            if key in seen_addresses:
                self._line_problems[number] = (
                    "address_el",
                    _("Line {line} has the same organisation and address as line {first}.").format(
                        line=number + 1, first=seen_addresses[key]
                    ),
                )
            seen_addresses.setdefault(key, number + 1)

    @staticmethod
    def _row_uuid(row) -> uuid.UUID | None:
        try:
            return uuid.UUID(cell_text(row.get("uuid")))
        except ValueError:
            return None

    def get_instance(self, instance_loader, row):
        row_uuid = self._row_uuid(row)
        if row_uuid is not None:
            return self._by_uuid.get(row_uuid)
        raw_id = cell_text(row.get("id"))
        if raw_id:
            return self._by_id.get(int(raw_id)) if raw_id.isdigit() else None
        key = (cell_text(row.get("organisation")), fold(cell_text(row.get("address_el"))))
        return self._by_address.get(key)

    def check_instance(self, instance):
        errors = {}
        if not (instance.address_el or "").strip():
            errors["address_el"] = _("The Greek address (address_el) is missing.")
        if instance.organisation_id is None:
            errors["organisation"] = _("The organisation is missing.")
        return errors


RESOURCES = {
    Organisation: OrganisationResource,
    Service: ServiceResource,
    Location: LocationResource,
}
