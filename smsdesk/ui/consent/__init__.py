"""Consent pages and dialogs."""
