"""Campaigns pages and dialogs."""
