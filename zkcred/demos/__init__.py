"""Runnable demonstrations (`make demo`)."""

__all__ = ["bbs_story", "credential_story", "selfcheck"]
