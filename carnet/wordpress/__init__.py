"""WordPress in and out: read a WXR export, keep the old links, write WXR and Markdown."""


class WXRError(Exception):
    """A WordPress export that cannot be read; the message is one line for the writer."""
