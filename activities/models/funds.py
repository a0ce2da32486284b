"""Special funds (专项经费), their allocations to campaigns or schools, and spending."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import District
from portal.scoping import ScopedQuerySet

ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}


class FundQuerySet(ScopedQuerySet):
    def with_balances(self) -> FundQuerySet:
        allocated = Allocation.objects.filter(fund=models.OuterRef("pk")).values("fund").annotate(
            s=Sum("amount")).values("s")
        spent = Spending.objects.filter(allocation__fund=models.OuterRef("pk")).values(
            "allocation__fund").annotate(s=Sum("amount")).values("s")
        return self.select_related("source").annotate(
            allocated=Coalesce(models.Subquery(allocated), models.Value(ZERO),
                               output_field=models.DecimalField(**MONEY)),
            spent=Coalesce(models.Subquery(spent), models.Value(ZERO),
                           output_field=models.DecimalField(**MONEY)),
        )


class Fund(models.Model):
    """Money given for the district's youth work (e.g. 190,000 yuan from the finance
    bureau). Its balance (`balance`, shown as "not yet allocated") is the amount less its
    allocations, never negative; `unspent` is what was allocated but not yet spent."""

    class Purpose(models.TextChoices):
        YOUTH_EDUCATION = "youth_education", _("Youth education")
        MINOR_PROTECTION = "minor_protection", _("Protection of minors")
        OTHER = "other", _("Other")

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE,
                                 related_name="funds")
    name = models.CharField(_("name"), max_length=100)
    source = models.ForeignKey("portal.Organisation", verbose_name=_("source"),
                               on_delete=models.PROTECT, related_name="funds")
    year = models.PositiveSmallIntegerField(_("year"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY,
                                 validators=[MinValueValidator(Decimal("0.01"))])

    scope_district = "district"
    scope_school = None

    objects = FundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("special fund")
        verbose_name_plural = _("special funds")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_amount_positive",
                                   violation_error_message=_("The amount must be positive.")),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("activities:fund_detail", kwargs={"fund_pk": self.pk})

    @property
    def balance(self) -> Decimal:
        """Amount less allocations (uses the `with_balances` annotation when present)."""
        allocated = getattr(self, "allocated", None)
        if allocated is None:
            allocated = self.allocations.aggregate(s=Sum("amount"))["s"] or ZERO
        return self.amount - allocated

    @property
    def unspent(self) -> Decimal:
        """Allocated less spent: money given out but not yet used."""
        allocated, spent = getattr(self, "allocated", None), getattr(self, "spent", None)
        if allocated is None:
            allocated = self.allocations.aggregate(s=Sum("amount"))["s"] or ZERO
        if spent is None:
            spent = Spending.objects.filter(allocation__fund=self).aggregate(
                s=Sum("amount"))["s"] or ZERO
        return allocated - spent


class Allocation(models.Model):
    """Part of a fund given to a campaign or a school."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT,
                             related_name="allocations")
    campaign = models.ForeignKey("activities.Campaign", verbose_name=_("campaign"),
                                 on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="allocations")
    school = models.ForeignKey("schools.School", verbose_name=_("school"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="allocations")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_district = "fund__district"
    scope_school = None

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="allocation_amount_positive",
                                   violation_error_message=_("The amount must be positive.")),
        ]

    def __str__(self) -> str:
        return f"{self.campaign or self.school or self.note} ¥{self.amount}"

    @property
    def balance(self) -> Decimal:
        spent = getattr(self, "spent", None)
        if spent is None:
            spent = self.spendings.aggregate(s=Sum("amount"))["s"]
        return self.amount - (spent or ZERO)


class Spending(models.Model):
    """Money spent out of an allocation, and what it paid for: a school activity or a
    campaign (both optional)."""

    allocation = models.ForeignKey(Allocation, verbose_name=_("allocation"),
                                   on_delete=models.PROTECT, related_name="spendings")
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    note = models.CharField(_("note"), max_length=200)
    activity = models.ForeignKey("activities.Activity", verbose_name=_("paid for activity"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="spendings")
    campaign = models.ForeignKey("activities.Campaign", verbose_name=_("paid for campaign"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="spendings")

    scope_district = "allocation__fund__district"
    scope_school = None

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spendings")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="spending_amount_positive",
                                   violation_error_message=_("The amount must be positive.")),
        ]

    def __str__(self) -> str:
        return f"{self.date} ¥{self.amount}"
