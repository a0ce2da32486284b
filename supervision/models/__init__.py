"""The joint inspection mechanism (督导机制): standards, plans, inspections and their scores,
findings and evidence, sign-offs, outcomes, self-assessments and coordination meetings."""

from supervision.models.inspections import (
    Evidence,
    Finding,
    Inspection,
    InspectionEvent,
    InspectionPlan,
    Score,
    SelfAssessment,
    SignOff,
    weighted_total,
)
from supervision.models.meetings import ActionItem, CoordinationMeeting
from supervision.models.outcomes import Commendation, RectificationOrder, RectificationResponse
from supervision.models.standards import Indicator, Standard

__all__ = [
    "ActionItem", "Commendation", "CoordinationMeeting", "Evidence", "Finding", "Indicator",
    "Inspection", "InspectionEvent", "InspectionPlan", "RectificationOrder",
    "RectificationResponse", "Score", "SelfAssessment", "SignOff", "Standard", "weighted_total",
]
