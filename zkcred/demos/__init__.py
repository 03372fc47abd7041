"""Runnable demonstrations (`make demo`)."""
