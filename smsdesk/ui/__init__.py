"""The Qt face of SMSDesk: thin pages and dialogs over ``smsdesk.core``."""
