"""The reader's theme: Jinja2 templates for every public page, and the environment they run in.

A site overrides one template by putting a file of the same name in its own `theme/` folder.
"""
