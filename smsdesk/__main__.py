"""`python -m smsdesk` starts the desktop application."""

from smsdesk.ui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
