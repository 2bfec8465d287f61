"""The documentation topics and their rules, one module per topic family.

The one list of topics is `TOPICS` below (its order is the order of the report's topics); a new topic is
one entry in one family module, added to that family's tuple.
"""

from __future__ import annotations

from unveil.documentation.topic_rules.data import DATA_TOPICS
from unveil.documentation.topic_rules.practice import PRACTICE_TOPICS
from unveil.documentation.topic_rules.risks import RISK_TOPICS
from unveil.documentation.topic_rules.types import Hit, Rule, Topic
from unveil.documentation.topic_rules.use import USE_TOPICS

TOPICS: tuple[Topic, ...] = (*DATA_TOPICS, *RISK_TOPICS, *USE_TOPICS, *PRACTICE_TOPICS)

__all__ = ["TOPICS", "Hit", "Rule", "Topic"]
