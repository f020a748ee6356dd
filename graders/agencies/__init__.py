"""Agencies: an officer imports the agency's staff list (roster.py, pure), follows who has finished and
exports the list (staff_list.py), on pages (views.py) and from `hocvuso agency` (graders.cli.agencies)."""
