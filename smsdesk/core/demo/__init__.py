"""Realistic fictional data for demos, tests and benchmarks."""
