"""Dashboard pages and dialogs."""
