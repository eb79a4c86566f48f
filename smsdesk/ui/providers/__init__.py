"""Providers pages and dialogs."""
