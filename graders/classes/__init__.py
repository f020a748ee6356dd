"""Classes (lớp): teachers' classes, joining by code, rosters and login cards, the live class view and
audited attempt resets (docs/architecture.md, "Classes"). `codes.py` and `roster.py` are pure; `service.py`
holds the database operations; `live.py` builds the live view; `views.py` the staff and join pages."""
