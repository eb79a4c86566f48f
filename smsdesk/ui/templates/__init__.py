"""Templates pages and dialogs."""
