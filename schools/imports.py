"""Spreadsheet imports of schools, branches, membership applicants and their volunteer
records (the engine is `portal.imports`). Rows find their records by natural keys: a school
by its name in the district, a branch by its class in the school, an applicant by name in
the school, a volunteer record by applicant, date and activity."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.access import DISTRICT_EDITORS, SCHOOL_EDITORS
from portal.imports.columns import BOOL, CHOICE, DATE, DECIMAL, INT, PHONE, Column
from portal.imports.engine import Importer, OneForOne, RowFailed, remember
from schools.lookup import SchoolAmbiguous, SchoolNames, SchoolNotFound
from schools.models import Applicant, Branch, CommunityPairing, School, VolunteerRecord


def assign(instance, values: dict, keys) -> None:
    """Set the row's filled cells; an empty cell keeps what the record has (or the model's
    default), so a half-filled sheet never blanks a record."""
    for key in keys:
        value = values.get(key)
        if value is not None:
            setattr(instance, key, value)


class SchoolRowMixin:
    """The 学校 column: a school of the district, by its full or short name (`SchoolNames`).
    A secretary may leave it empty (their own school) and may name no other school."""

    school_column = Column("school", gettext_lazy("School"), example="求精中学",
                           help=gettext_lazy("Full or short name."), aliases=("学校名称",))

    def load_schools(self) -> None:
        self.schools = SchoolNames(School.objects.filter(district=self.district))

    def row_school(self, values: dict) -> School:
        own = self.secretary_school_id
        name = values.get("school")
        label = str(self.school_column.label)
        if not name:
            if own:
                return self.schools.by_pk[own]
            raise RowFailed(_("This column must be filled in."), label)
        try:
            school = self.schools.find(name)
        except SchoolNotFound:
            raise RowFailed(_("There is no school named “%(name)s” in %(district)s.") % {
                "name": name, "district": self.district}, label) from None
        except SchoolAmbiguous as error:
            raise RowFailed(error.message(), label) from None
        if own and school.pk != own:
            raise RowFailed(_("You may import only into your own school; this row names "
                              "“%(name)s”.") % {"name": name}, label)
        return school


class SchoolImporter(Importer):
    kind = "schools"
    title = gettext_lazy("Schools")
    model = School
    roles = DISTRICT_EDITORS
    list_url = "schools:list"
    columns = [
        Column("name", gettext_lazy("School name"), required=True, example="求精中学",
               aliases=("学校", "school", "名称")),
        Column("short_name", gettext_lazy("Short name"), example="求精", aliases=("简称",)),
        Column("level", gettext_lazy("Level"), CHOICE, required=True,
               choices=tuple(School.Level.choices), example=str(School.Level.MIDDLE.label),
               aliases=("学段", "学校类型")),
        Column("area", gettext_lazy("Area"), example="解放碑片区", aliases=("片区",)),
        Column("address", gettext_lazy("Address"), example="中山一路1号", aliases=("地址",)),
        Column("phone", gettext_lazy("Phone"), PHONE, example="023-63851234",
               aliases=("电话",)),
        Column("joined_on", gettext_lazy("Joined the portal on"), DATE, example="2024-09-01",
               aliases=("加入日期", "joined")),
        Column("active", gettext_lazy("Active"), BOOL, example="是", aliases=("在用",)),
    ]
    update_fields = ("short_name", "level", "area", "address", "phone", "joined_on",
                     "active")

    def prepare(self, rows):
        self.existing = {s.name: s for s in School.objects.filter(district=self.district)}

    def match(self, values):
        school = self.existing.get(values["name"])
        if school is None:
            school = School(district=self.district, name=values["name"])
        else:
            remember(school, self)
        assign(school, values, self.update_fields)
        return school, values["name"]


class BranchImporter(SchoolRowMixin, Importer):
    kind = "branches"
    title = gettext_lazy("Branches")
    model = Branch
    roles = SCHOOL_EDITORS
    list_url = "schools:list"
    exclude_from_clean = ("school",)
    columns = [
        SchoolRowMixin.school_column,
        Column("class_name", gettext_lazy("Class"), required=True, example="初2026级1班",
               aliases=("班级", "class")),
        Column("kind", gettext_lazy("Kind"), CHOICE, choices=tuple(Branch.Kind.choices),
               example=str(Branch.Kind.LEAGUE_BRANCH.label), aliases=("类别", "类型")),
        Column("grade", gettext_lazy("Grade"), INT, required=True, example=8,
               aliases=("年级",)),
        Column("advisor", gettext_lazy("Advisor"), example="李老师", aliases=("辅导员",)),
        Column("member_count", gettext_lazy("Members"), INT, example=12,
               aliases=("团员数", "人数")),
        Column("applicant_count", gettext_lazy("Membership applicants"), INT, example=5,
               aliases=("入团积极分子数",)),
    ]
    update_fields = ("kind", "grade", "advisor", "member_count", "applicant_count")

    def prepare(self, rows):
        self.load_schools()
        self.existing = {(b.school_id, b.class_name): b
                         for b in Branch.objects.filter(school__district=self.district)}

    def match(self, values):
        school = self.row_school(values)
        key = (school.pk, values["class_name"])
        branch = self.existing.get(key)
        if branch is None:
            branch = Branch(school=school, class_name=values["class_name"])
        else:
            remember(branch, self)
        assign(branch, values, self.update_fields)
        return branch, key


class ApplicantImporter(SchoolRowMixin, Importer):
    kind = "applicants"
    title = gettext_lazy("Membership applicants")
    model = Applicant
    roles = SCHOOL_EDITORS
    list_url = "activities:applicant_list"
    exclude_from_clean = ("school", "branch")
    columns = [
        SchoolRowMixin.school_column,
        Column("name", pgettext_lazy("person", "Name"), required=True, example="张三",
               aliases=("姓名", "applicant")),
        Column("branch", gettext_lazy("Class"), example="7年级1班",
               help=gettext_lazy("A class of the school's branches."),
               aliases=("班级", "class")),
        Column("registered_on", gettext_lazy("Registered on"), DATE, required=True,
               example="2024-09-01", past=True, aliases=("登记日期", "申请日期")),
        Column("notes", gettext_lazy("Notes"), example="", aliases=("备注",)),
    ]
    update_fields = ("branch_id", "registered_on", "notes")

    def prepare(self, rows):
        self.load_schools()
        self.branches = {(b.school_id, b.class_name): b.pk
                         for b in Branch.objects.filter(school__district=self.district)}
        self.existing, self.ambiguous = {}, set()
        for applicant in Applicant.objects.filter(school__district=self.district):
            key = (applicant.school_id, applicant.name)
            if key in self.existing:
                self.ambiguous.add(key)
            self.existing[key] = applicant

    def match(self, values):
        school = self.row_school(values)
        key = (school.pk, values["name"])
        if key in self.ambiguous:
            raise RowFailed(_("The school has two applicants named “%(name)s”: change this "
                              "one in the portal.") % {"name": values["name"]},
                            self.label("name"))
        applicant = self.existing.get(key)
        if applicant is None:
            applicant = Applicant(school=school, name=values["name"])
        else:
            remember(applicant, self)
        if values.get("branch"):
            branch_id = self.branches.get((school.pk, values["branch"]))
            if branch_id is None:
                raise RowFailed(_("%(school)s has no class “%(name)s”.") % {
                    "school": school.name, "name": values["branch"]}, self.label("branch"))
            applicant.branch_id = branch_id
        assign(applicant, values, ("registered_on", "notes"))
        return applicant, key


class VolunteerRecordImporter(SchoolRowMixin, Importer):
    kind = "volunteer_records"
    title = gettext_lazy("Volunteer records")
    model = VolunteerRecord
    roles = SCHOOL_EDITORS
    list_url = "activities:applicant_list"
    exclude_from_clean = ("applicant", "pairing")
    columns = [
        SchoolRowMixin.school_column,
        Column("applicant", gettext_lazy("Applicant"), required=True, example="张三",
               aliases=("姓名", "name", "入团积极分子")),
        Column("date", gettext_lazy("Date"), DATE, required=True, example="2024-09-01",
               past=True, aliases=("日期", "服务日期")),
        Column("hours", gettext_lazy("Hours"), DECIMAL, required=True, example=2,
               aliases=("时长", "小时", "服务时长")),
        Column("activity", gettext_lazy("Activity"), required=True, example="社区清洁",
               aliases=("活动", "服务内容")),
        Column("place", gettext_lazy("Place"), example="", aliases=("地点", "服务地点")),
        Column("pairing", gettext_lazy("Paired community"), example="",
               help=gettext_lazy("A community the school is paired with."),
               aliases=("结对社区", "社区")),
    ]
    update_fields = ("hours", "place", "pairing_id")

    def prepare(self, rows):
        self.load_schools()
        names = {r["applicant"] for r in rows if r.get("applicant")}
        self.applicants, self.ambiguous, self.admitted = {}, set(), set()
        for pk, school_id, name, status in Applicant.objects.filter(
                school__district=self.district, name__in=names).values_list(
                    "pk", "school_id", "name", "status"):
            if (school_id, name) in self.applicants:
                self.ambiguous.add((school_id, name))
            self.applicants[(school_id, name)] = pk
            if status == Applicant.Status.ADMITTED:
                self.admitted.add(pk)
        self.pairings = {(p.school_id, p.community): p.pk for p in
                         CommunityPairing.objects.filter(school__district=self.district)}
        # Two records of one applicant may share the date and the activity (a morning and an
        # afternoon at the same place).
        self.records = OneForOne(
            VolunteerRecord.objects.filter(
                applicant_id__in=self.applicants.values()).order_by("pk"),
            key=lambda r: (r.applicant_id, r.date, r.activity), values=self._values)
        for values in rows:
            try:
                self.records.claim_equal(values, *self._resolve(values))
            except RowFailed:
                continue  # reported when the row is matched

    @staticmethod
    def _values(record) -> tuple:
        return (record.hours, record.place, record.pairing_id)

    def _resolve(self, values):
        """(natural key, the row's (hours, place, pairing)); raises RowFailed."""
        school = self.row_school(values)
        who = (school.pk, values["applicant"])
        applicant_id = self.applicants.get(who)
        if applicant_id is None:
            raise RowFailed(_("%(school)s has no applicant named “%(name)s”.") % {
                "school": school.name, "name": values["applicant"]}, self.label("applicant"))
        if who in self.ambiguous:
            raise RowFailed(_("The school has two applicants named “%(name)s”: record this "
                              "one in the portal.") % {"name": values["applicant"]},
                            self.label("applicant"))
        pairing_id = None
        if values.get("pairing"):
            pairing_id = self.pairings.get((school.pk, values["pairing"]))
            if pairing_id is None:
                raise RowFailed(_("%(school)s is not paired with “%(name)s”.") % {
                    "school": school.name, "name": values["pairing"]}, self.label("pairing"))
        key = (applicant_id, values["date"], values["activity"])
        return key, (values["hours"], values.get("place") or "", pairing_id)

    def match(self, values):
        key, same = self._resolve(values)
        try:
            record = self.records.find(values, key, same)
        except OneForOne.Ambiguous:  # which of them the row changes cannot be told
            raise RowFailed(_("%(name)s has several records of “%(activity)s” on %(date)s: "
                              "list each of them as it is, or change them in the "
                              "portal.") % {"name": values["applicant"],
                                            "activity": values["activity"],
                                            "date": values["date"].isoformat()},
                            self.label("activity")) from None
        if record is None:
            # A further record that day (or a new one): two equal new rows are one record
            # written twice, which the engine refuses.
            record = VolunteerRecord(applicant_id=key[0], date=key[1], activity=key[2])
            engine_key = ("new", *key, *same)
        else:
            remember(record, self)
            engine_key = ("record", record.pk)
        if same[2] is not None:
            record.pairing_id = same[2]
        assign(record, values, ("hours", "place"))
        if (record.pk is not None and key[0] in self.admitted
                and tuple(getattr(record, f) for f in self.update_fields)
                != record._import_before):
            raise RowFailed(frozen_message(values["applicant"]), self.label("hours"))
        return record, engine_key

    def before_write(self, created, updated):
        """Lock the applicants whose records change and read their status again: one
        admitted since the preview keeps the records that counted toward it."""
        locked = list(Applicant.objects.select_for_update().filter(
            pk__in={r.applicant_id for r in updated}).order_by("pk"))
        admitted = [a for a in locked if a.status == Applicant.Status.ADMITTED]
        if admitted:
            raise ValidationError(frozen_message(admitted[0].name))


def frozen_message(name: str) -> str:
    return _("%(name)s has been admitted: the volunteer service that counted toward the "
             "admission can no longer be changed or deleted.") % {"name": name}


IMPORTERS = [SchoolImporter, BranchImporter, ApplicantImporter, VolunteerRecordImporter]
