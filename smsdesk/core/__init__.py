"""The Qt-free core of SMSDesk: domain rules, storage and providers.

Nothing under this package may import PySide6 or `smsdesk.ui`; the CLI and the GUI are two
faces over it (a test imports every module here with PySide6 made unimportable).
"""
