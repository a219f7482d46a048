"""Backups of a whole site (database, media, settings) in one archive, and restoring them."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message names the file and what to do."""
