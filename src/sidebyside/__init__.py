"""SideBySide: a private desktop app for couples."""

__version__ = "0.1.0"

APP_NAME = "SideBySide"
APP_ID = "org.sidebyside.SideBySide"
ORG_NAME = "SideBySide"
ORG_DOMAIN = "sidebyside.org"
