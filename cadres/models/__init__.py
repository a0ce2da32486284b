"""Cadres and the leadership and professionalisation mechanisms (source II.1, III.1–2):
people and their posts, joint documents, area meetings, and the secondment cycle."""

from cadres.models.documents import Document
from cadres.models.meetings import AreaMeeting, AreaMeetingPhoto
from cadres.models.people import Cadre, Post
from cadres.models.secondments import (
    Application,
    Assessment,
    ReservePoolEntry,
    Secondment,
    SecondmentRound,
)

__all__ = [
    "Application",
    "AreaMeeting",
    "AreaMeetingPhoto",
    "Assessment",
    "Cadre",
    "Document",
    "Post",
    "ReservePoolEntry",
    "Secondment",
    "SecondmentRound",
]
