"""Compliance: the content checker, message length, template variables and word lists.

Entry points: ``checker.check`` / ``checker.carrier_blocks``, ``length.measure``,
``variables.variables_in`` / ``render`` / ``to_provider_syntax``.
"""
