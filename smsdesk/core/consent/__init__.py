"""Consent evidence, the opt-out list and reply interpretation."""
