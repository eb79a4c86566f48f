"""Shared test helpers: fake provider servers, PostgreSQL launcher, data builders."""
