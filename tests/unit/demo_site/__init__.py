"""Tests of the demo site's additions: its short track and the workbench bridge (intake b)."""
