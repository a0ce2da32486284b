"""Factories for supervision tests."""

import datetime

import factory

from supervision.models import Finding, Inspection, InspectionPlan, RectificationOrder, Standard
from supervision.services import inspection_create


def middle_standard() -> Standard:
    return Standard.objects.get(code="middle-league", version=1)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionPlan
        skip_postgeneration_save = True

    year = 2025
    title = factory.Sequence(lambda n: f"督导计划{n}")

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        if create and extracted:
            self.team.set(extracted)


def make_inspection(world, school=None, plan=None, status=Inspection.Status.PLANNED,
                    score=8):
    """An inspection of `school` (default the secretary's) in the given status, with every
    indicator scored `score` once past planned."""
    plan = plan or PlanFactory(district=world.district,
                               team=[world.officer, world.education_officer])
    inspection = inspection_create(plan=plan, school=school or world.school,
                                   planned_date=datetime.date(2025, 11, 3), user=world.officer)
    if status != Inspection.Status.PLANNED:
        inspection.scores.update(score=score)
        Inspection.objects.filter(pk=inspection.pk).update(status=status)
        inspection.refresh_from_db()
    return inspection


def make_problem(inspection, text="团员档案不完整") -> Finding:
    return Finding.objects.create(inspection=inspection, kind=Finding.Kind.PROBLEM, text=text,
                                  indicator=inspection.standard.indicators.last())


def make_order(inspection, due=None, status=RectificationOrder.Status.OPEN):
    finding = make_problem(inspection)
    return RectificationOrder.objects.create(
        inspection=inspection, finding=finding, requirement="补齐团员档案",
        due_date=due or datetime.date.today() + datetime.timedelta(days=30), status=status)
