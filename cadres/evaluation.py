"""The cadres chapters of the evaluation summary (see `portal.evaluation.sections`):
leadership and disciplinisation from posts, professionalisation from posts, area meetings
(`cadres.evaluation_people`) and the secondment cycle (`cadres.evaluation_secondments`)."""

from cadres import evaluation_people, evaluation_secondments


def district_sections(*, district, period) -> list:
    return [
        *evaluation_people.district_sections(district=district, period=period),
        *evaluation_secondments.district_sections(district=district, period=period),
    ]


def school_sections(*, school, period) -> list:
    return [
        *evaluation_people.school_sections(school=school, period=period),
        *evaluation_secondments.school_sections(school=school, period=period),
    ]
