"""Simulated-phone practice XBlock (`phone_sim`): scenario format, pure engine and the block."""

from .block import PhoneSimBlock

__all__ = ["PhoneSimBlock"]
