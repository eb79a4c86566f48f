"""Read-only summaries for the dashboard and the command line."""
