"""WordPress exports written for the tests that need many posts or a file to mutate."""

from __future__ import annotations

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Fuzzed</title><link>https://old.example.org</link><language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example.org</wp:base_site_url>
<wp:base_blog_url>https://old.example.org</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[annie]]></wp:author_login>
<wp:author_display_name><![CDATA[Annie]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>birds</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Birds]]></wp:cat_name></wp:category>
"""
ITEM = """<item><title><![CDATA[Post {n} &amp; more]]></title>
<link>https://old.example.org/2020/05/{day:02d}/post-{n}/</link>
<dc:creator><![CDATA[annie]]></dc:creator>
<content:encoded><![CDATA[<p>Text of post {n}, <a href="javascript:alert(1)">a link</a>.</p>
<!--more--><p>More of {n}.</p><script>alert({n})</script>]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{n}</wp:post_id>
<wp:post_date><![CDATA[2020-05-{day:02d} 10:30:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2020-05-{day:02d} 08:30:00]]></wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name><![CDATA[post-{n}]]></wp:post_name>
<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="birds"><![CDATA[Birds]]></category>
<wp:comment><wp:comment_id>{n}00</wp:comment_id><wp:comment_author><![CDATA[Dan]]></wp:comment_author>
<wp:comment_author_email>dan@example.net</wp:comment_author_email>
<wp:comment_date>2020-05-{day:02d} 12:00:00</wp:comment_date>
<wp:comment_date_gmt>2020-05-{day:02d} 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Nice {n}.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
</wp:comment></item>
"""
FOOTER = "</channel></rss>\n"


def make_wxr(posts: int) -> bytes:
    """A WordPress export with `posts` published posts, one comment each."""
    items = "".join(ITEM.format(n=n, day=1 + n % 28) for n in range(1, posts + 1))
    return (HEADER + items + FOOTER).encode("utf-8")
