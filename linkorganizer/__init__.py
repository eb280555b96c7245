"""LinkOrganizer: a desktop organizer for a deliberate, quality professional network."""

__version__ = "0.1.0"
APP_NAME = "LinkOrganizer"
