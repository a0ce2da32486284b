"""Activity curriculum and cooperation: the school calendar, activity courses, monthly
reports, campaigns, honour selections, special funds (applicants' volunteering
lives with the school, in `schools.models`)."""

from activities.models.calendar import ActivitiesSettings, Semester  # noqa: F401
from activities.models.campaigns import (  # noqa: F401
    Campaign,
    HonourSelection,
    Nomination,
)
from activities.models.courses import ActivityCourse, ActivitySession  # noqa: F401
from activities.models.funds import Allocation, Fund, Spending  # noqa: F401
from activities.models.reports import (  # noqa: F401
    Activity,
    ActivityPhoto,
    MonthlyReport,
    ReportTransition,
    UnlockRequest,
)
