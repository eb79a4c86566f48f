"""Contacts pages and dialogs."""
