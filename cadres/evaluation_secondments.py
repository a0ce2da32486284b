"""Evaluation-summary sections: see `cadres.evaluation` and `portal.evaluation.sections`."""

from portal.evaluation.sections import Period, Section


def district_sections(*, district, period: Period) -> list[Section]:
    return []


def school_sections(*, school, period: Period) -> list[Section]:
    return []
