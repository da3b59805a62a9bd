"""The bulletin's models, one module per section, all re-exported here."""

from bulletin.models.activities import Activity, ActivityStatus, Weekday
from bulletin.models.news import NewsPost, Topic

__all__ = ["Activity", "ActivityStatus", "NewsPost", "Topic", "Weekday"]
