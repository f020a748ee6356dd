"""Tutor plugin of hocvuso."""
