"""Sending pages and dialogs."""
