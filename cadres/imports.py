"""Spreadsheet imports of cadres and their posts (engine: `portal.imports`). A cadre is found
by identity number, or else by name at the same school or organisation; a post by its cadre,
kind, title and start date.

An identity number is unique per workplace (`Cadre`), and who imports finds the records of
their scope only. A school secretary's rows see their own school's cadres: a number recorded
only at another school or an organisation names nobody, and the row creates a cadre at the
secretary's school exactly as a number recorded nowhere does (the same preview, the same
result: no oracle of who exists). The district's offices find a number anywhere in the
district: at the row's workplace first, else the one record of it (moved to the row's
workplace), and a number recorded at several other workplaces is named back to them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cadres.models import Cadre, Post
from cadres.models.people import mask_id_number, mask_phone
from portal.access import SCHOOL_EDITORS
from portal.imports.columns import BOOL, CHOICE, DATE, PHONE, Column
from portal.imports.engine import Importer, RowFailed, remember
from portal.models import Organisation
from schools.imports import SchoolRowMixin, assign
from schools.lookup import SchoolAmbiguous, SchoolNotFound

SCHOOL = Column("school", gettext_lazy("School"), example="求精中学",
                help=gettext_lazy("Full or short name."), aliases=("学校名称",))
ORGANISATION = Column("organisation", gettext_lazy("Organisation"), example="",
                      help=gettext_lazy("When the post is not in a school."),
                      aliases=("单位", "工作单位"))


class WorkplaceMixin(SchoolRowMixin):
    """A school or an organisation of the district. Secretaries: their own school only."""

    school_column = SCHOOL

    def load_workplaces(self) -> None:
        self.load_schools()
        self.organisations = {o.name: o for o in Organisation.objects.filter(
            district=self.district).exclude(kind=Organisation.Kind.SCHOOL)}
        for o in list(self.organisations.values()):
            if o.short_name:
                self.organisations.setdefault(o.short_name, o)

    def workplace(self, values: dict):
        """(school, organisation) of the row; one of them is set."""
        name = values.get("organisation")
        if name and not values.get("school"):
            if self.secretary_school_id:
                raise RowFailed(_("You may import only into your own school; this row names "
                                  "“%(name)s”.") % {"name": name}, str(ORGANISATION.label))
            organisation = self.organisations.get(name)
            if organisation is None:
                raise RowFailed(_("There is no organisation named “%(name)s” in "
                                  "%(district)s.") % {"name": name, "district": self.district},
                                str(ORGANISATION.label))
            return None, organisation
        if not values.get("school") and not self.secretary_school_id:
            raise RowFailed(_("Fill in the school or the organisation."), str(SCHOOL.label))
        return self.row_school(values), None


def by_id_number(cadres) -> dict[str, list[Cadre]]:
    """The cadres of each identity number (several where a person has a record at more than
    one workplace)."""
    found: dict[str, list[Cadre]] = {}
    for cadre in cadres:
        if cadre.id_number:
            found.setdefault(cadre.id_number, []).append(cadre)
    return found


def works_at(cadre: Cadre, school_id, organisation_id) -> bool:
    """Whether the cadre's record is the one of this workplace (its school, or its
    organisation when it has no school)."""
    if school_id:
        return cadre.school_id == school_id
    return cadre.school_id is None and cadre.organisation_id == organisation_id


def record_of(records: list[Cadre], school_id, organisation_id, column: str):
    """The record among a number's `records` that a row at this workplace stands for: the
    one at the workplace, else the only one (an office's row moves it), else None for none;
    several elsewhere and none here is a question only the importer can answer."""
    here = [c for c in records if works_at(c, school_id, organisation_id)]
    if here:
        return here[0]
    if len(records) <= 1:
        return records[0] if records else None
    places = "、".join(sorted(str(c.workplace) for c in records))
    raise RowFailed(_("This identity number is recorded at %(places)s: fill in one of them as "
                      "the school or organisation, or change the cadres on their pages.")
                    % {"places": places}, column)


class CadreImporter(WorkplaceMixin, Importer):
    kind = "cadres"
    title = gettext_lazy("Cadres")
    model = Cadre
    roles = SCHOOL_EDITORS
    list_url = "cadres:cadre_list"
    exclude_from_clean = ("district", "school", "organisation", "user")
    columns = [
        Column("name", pgettext_lazy("person", "Name"), required=True, example="王明",
               aliases=("姓名",)),
        Column("gender", gettext_lazy("Gender"), CHOICE, required=True,
               choices=tuple(Cadre.Gender.choices), example=str(Cadre.Gender.FEMALE.label),
               aliases=("性别",)),
        SCHOOL,
        ORGANISATION,
        Column("phone", gettext_lazy("Phone"), PHONE, example="13812345678",
               aliases=("电话", "手机")),
        Column("id_number", gettext_lazy("Identity number"), example="",
               aliases=("身份证号", "身份证号码", "id")),
        Column("notes", gettext_lazy("Notes"), aliases=("备注",)),
    ]
    update_fields = ("gender", "school_id", "organisation_id", "phone", "id_number", "notes")

    def prepare(self, rows):
        self.load_workplaces()
        self.by_name = {}
        cadres = Cadre.objects.filter(district=self.district).select_related(
            "school", "organisation")
        if self.secretary_school_id:
            # A secretary's rows find their own school's cadres only: an identity number of
            # anyone else names nobody, and the row creates a cadre at their school.
            cadres = cadres.filter(school_id=self.secretary_school_id)
        cadres = list(cadres)
        self.by_id = by_id_number(cadres)
        for cadre in cadres:
            self.by_name[(cadre.name, cadre.school_id, cadre.organisation_id)] = cadre

    def match(self, values):
        school, organisation = self.workplace(values)
        id_number = (values.get("id_number") or "").upper()
        place = (school.pk if school else None, organisation.pk if organisation else None)
        cadre = record_of(self.by_id.get(id_number, []), *place,
                          self.label("id_number")) if id_number else None
        cadre = cadre or self.by_name.get((values["name"], *place))
        if cadre is None:
            cadre = Cadre(district=self.district, name=values["name"])
            # A new record: one per identity number and workplace in the file.
            key = ("id", id_number, *place) if id_number else ("name", values["name"], *place)
        else:
            remember(cadre, self)
            cadre.name = values["name"]
            keep_masked(cadre, values)
            key = ("cadre", cadre.pk)
        cadre.school, cadre.organisation = school, organisation
        assign(cadre, values, ("gender", "phone", "id_number", "notes"))
        return cadre, key


def keep_masked(cadre: Cadre, values: dict) -> None:
    """An export shows most roles the phone and identity number masked (138****5678): the
    same masked text imported back means "unchanged", not a new number."""
    for field, mask in (("phone", mask_phone), ("id_number", mask_id_number)):
        stored = getattr(cadre, field)
        if stored and (values.get(field) or "").upper() == mask(stored).upper():
            values[field] = stored


class PostImporter(WorkplaceMixin, Importer):
    kind = "posts"
    title = gettext_lazy("Posts")
    model = Post
    roles = SCHOOL_EDITORS
    list_url = "cadres:cadre_list"
    exclude_from_clean = ("cadre", "school", "organisation", "appointed_by", "document")
    columns = [
        Column("cadre", pgettext_lazy("person", "Name"), required=True, example="周晓岚",
               aliases=("姓名", "cadre", "干部")),
        Column("id_number", gettext_lazy("Identity number"), example="",
               help=gettext_lazy("To tell apart two cadres of the same name."),
               aliases=("身份证号", "身份证号码")),
        Column("kind", gettext_lazy("Kind of post"), CHOICE, required=True,
               choices=tuple(Post.Kind.choices), example=str(Post.Kind.LEAGUE_SECRETARY.label),
               aliases=("职务类别", "类别", "kind")),
        Column("title", gettext_lazy("Post"), required=True, example="校团委书记",
               aliases=("职务", "title")),
        SCHOOL,
        ORGANISATION,
        Column("start", pgettext_lazy("post", "Start date"), DATE, required=True,
               example="2024-09-01",
               aliases=("任职日期", "开始日期", "start")),
        Column("end", pgettext_lazy("post", "End date"), DATE,
               aliases=("离任日期", "结束日期", "end")),
        Column("is_concurrent", gettext_lazy("Concurrent post"), BOOL, example="否",
               aliases=("兼任", "是否兼任")),
        Column("middle_management", gettext_lazy("Middle-management standing"), BOOL,
               example="否", aliases=("中层干部待遇",)),
        Column("basis", gettext_lazy("Basis"), aliases=("任职依据", "依据")),
    ]
    update_fields = ("end", "is_concurrent", "middle_management", "basis", "school_id",
                     "organisation_id")

    def prepare(self, rows):
        self.load_workplaces()
        self.by_name, self.ambiguous = {}, set()
        cadres = Cadre.objects.filter(district=self.district)
        if self.secretary_school_id:
            cadres = cadres.filter(school_id=self.secretary_school_id)
        cadres = cadres.select_related("school", "organisation")
        self.by_id = by_id_number(cadres)
        for cadre in cadres:
            if cadre.name in self.by_name:
                self.ambiguous.add(cadre.name)
            self.by_name[cadre.name] = cadre
        self.existing = {(p.cadre_id, p.kind, p.title, p.start): p
                         for p in Post.objects.filter(cadre__in=cadres)}

    def match(self, values):
        id_number = (values.get("id_number") or "").upper()
        if id_number:
            cadre = self.cadre_by_id(id_number, values)
        else:
            if values["cadre"] in self.ambiguous:
                raise RowFailed(_("Two cadres are named “%(name)s”: fill in the identity "
                                  "number.") % {"name": values["cadre"]}, self.label("cadre"))
            cadre = self.by_name.get(values["cadre"])
        if cadre is None or cadre.name != values["cadre"]:
            raise RowFailed(_("No cadre “%(name)s” found: add the cadre first.") % {
                "name": values["cadre"]}, self.label("cadre"))
        if not values.get("school") and not values.get("organisation") and cadre.school_id:
            values["school"] = self.schools.by_pk[cadre.school_id].name
        school, organisation = self.workplace(values)
        key = (cadre.pk, values["kind"], values["title"], values["start"])
        post = self.existing.get(key)
        if post is None:
            post = Post(cadre=cadre, kind=values["kind"], title=values["title"],
                        start=values["start"])
        else:
            remember(post, self)
        post.cadre = cadre
        post.school, post.organisation = school, organisation
        assign(post, values, ("end", "is_concurrent", "middle_management", "basis"))
        return post, key

    def cadre_by_id(self, id_number: str, values: dict):
        """The cadre of the number; of the row's school or organisation (the post's place)
        when the person has records at several workplaces."""
        records = self.by_id.get(id_number, [])
        if len(records) <= 1:
            return records[0] if records else None
        try:
            school = self.schools.find(values["school"]) if values.get("school") else None
        except (SchoolNotFound, SchoolAmbiguous):
            school = None  # `workplace` words the error of the column
        organisation = self.organisations.get(values.get("organisation") or "")
        return record_of(records, school.pk if school else None,
                         organisation.pk if organisation and not school else None,
                         self.label("id_number"))


IMPORTERS = [CadreImporter, PostImporter]
