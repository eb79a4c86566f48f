"""Campaigns: planning (audience, eligibility, pre-flight), queueing, scheduling and health."""
