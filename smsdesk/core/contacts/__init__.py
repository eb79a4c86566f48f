"""Contacts: numbers, import, export, segments and lifecycle tiers."""
