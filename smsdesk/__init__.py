"""SMSDesk: compliant SMS campaigns for small businesses."""

__version__ = "0.1.0"
APP_NAME = "SMSDesk"
APP_ORG = "SMSDesk"
