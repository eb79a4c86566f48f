"""Settings pages and dialogs."""
