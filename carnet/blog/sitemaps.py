"""The sitemap. (Placeholder: replaced by the full implementation.)"""

SITEMAPS: dict = {}
