"""Plugin settings for graders (Open edX plugin settings convention: common.py, production.py)."""
