"""`smsdesk-cli`: the command-line face over the core (no Qt)."""
