"""Reports over the store: the briefing (briefing.py) and the timeline (timeline.py).

Every sentence a report prints is a `Claim` or `TimelineEntry` with citations
(evidence.py) that resolve to stored sentences; sentence rules live in
phrasing.py, store reads in reading.py, Jinja2 templates in templates/.
"""
