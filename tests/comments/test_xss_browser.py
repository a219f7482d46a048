"""Our XSS corpus in headless Chromium: no payload runs, on the real site or in a page
without its Content Security Policy.

Hooks installed before any page script record calls to alert, confirm, prompt, print,
open, fetch, XMLHttpRequest, sendBeacon, WebSocket, eval, Function, string timers and
document.write, every <script> element that appears, every CSP violation and every dialog.
After each page loads, every element receives the events inline handlers wait for, and
the DOM is searched for handler attributes and URLs the browser resolves to a scheme
other than http, https or mailto.

Debian's chromium at /usr/bin/chromium (scripts/ensure-chromium installs it); without it
these tests are skipped, except in CI (CI set), where they fail.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from urllib.parse import urlencode, urlsplit

import pytest

from carnet.blog.models import Post
from carnet.comments.models import Comment
from carnet.comments.text import comment_html
from carnet.content import render
from tests.chromium import launch, sync_playwright_or_skip
from tests.comments.conftest import old_token, payload_posts
from tests.comments.xss_payloads import PAYLOADS

pytestmark = pytest.mark.browser


HOOKS = """
(() => {
  const report = (what, detail) => {
    const line = what + ": " + String(detail).slice(0, 200);
    try { window.__xssReport(line); } catch (e) {}
  };
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    window[name] = function (message) { report(name, message); };
  }
  window.fetch = function (url) { report("fetch", url); return Promise.reject(new Error("no")); };
  const xhrOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    report("XMLHttpRequest", url); return xhrOpen.apply(this, arguments);
  };
  navigator.sendBeacon = function (url) { report("sendBeacon", url); return true; };
  window.WebSocket = function (url) { report("WebSocket", url); };
  // Playwright runs page.evaluate() through eval: our own scripts carry a marker.
  const ours = (code) => /__carnet_harness__|__playwright__/.test(String(code));
  const realEval = window.eval;
  window.eval = function (code) { return ours(code) ? realEval(code) : report("eval", code); };
  window.Function = new Proxy(Function, {
    apply(target, self, args) {
      return ours(args) ? Reflect.apply(target, self, args) : report("Function", args.join(","));
    },
    construct(target, args) {
      return ours(args) ? Reflect.construct(target, args) : report("Function", args.join(","));
    },
  });
  for (const name of ["write", "writeln"]) {
    Document.prototype[name] = function (html) { report("document." + name, html); };
  }
  for (const name of ["setTimeout", "setInterval"]) {
    const timer = window[name];
    window[name] = function (handler, ...rest) {
      if (typeof handler === "string") { report(name, handler); return 0; }
      return timer.call(window, handler, ...rest);
    };
  }
  document.addEventListener("securitypolicyviolation", (event) => {
    report("CSP violation", event.violatedDirective + " " + event.blockedURI + " " + event.sample);
  }, true);
  new MutationObserver((changes) => {
    for (const change of changes) for (const node of change.addedNodes) {
      if (node.nodeName.toLowerCase() === "script") report("script element", node.outerHTML);
    }
  }).observe(document, {childList: true, subtree: true});
  document.addEventListener("click", (event) => event.preventDefault(), true);
  document.addEventListener("submit", (event) => event.preventDefault(), true);
})();
"""

# Every element gets the events that inline handlers in the corpus wait for.
PROVOKE = """
() => { // __carnet_harness__
  const types = ["mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "click",
    "dblclick", "auxclick", "contextmenu", "pointerover", "pointerenter", "pointerdown",
    "focus", "focusin", "wheel", "copy", "beforecopy", "drag", "keydown", "input", "toggle",
    "animationstart", "transitionend", "scroll", "load", "error", "begin", "start", "submit"];
  for (const element of document.querySelectorAll("body *")) {
    for (const type of types) {
      element.dispatchEvent(new Event(type, {bubbles: true, cancelable: true}));
    }
  }
}
"""

# What the browser itself made of the HTML: handler attributes, resolved URL schemes.
AUDIT = """
() => { // __carnet_harness__
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data",
    "poster", "background", "cite", "ping", "srcset", "lowsrc", "dynsrc", "longdesc"];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.localName;
    if (["script", "iframe", "frame", "object", "embed", "base", "svg", "math"].includes(tag)) {
      found.push("element " + tag);
    }
    if (tag === "meta" && element.hasAttribute("http-equiv")) found.push("meta http-equiv");
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(tag + " " + name);
      if (name === "srcdoc") found.push(tag + " srcdoc");
      if (!urlAttributes.includes(name)) continue;
      const urls = name === "srcset"
        ? attribute.value.split(",").map((c) => c.trim().split(/\\s+/)[0])
        : [attribute.value];
      for (const url of urls) {
        if (!url) continue;
        let scheme;
        try { scheme = new URL(url, document.baseURI).protocol; } catch (e) { continue; }
        if (!["http:", "https:", "mailto:"].includes(scheme)) {
          found.push(tag + " " + name + "=" + url.slice(0, 80));
        }
      }
    }
  }
  return found;
}
"""

ACTIVE_REQUESTS = {"script", "xhr", "fetch", "websocket", "eventsource", "manifest"}


@pytest.fixture
def chromium() -> Callable[[], contextlib.AbstractContextManager]:
    """Start Debian's Chromium through Playwright: `with chromium() as browser:`.

    Skipped when Chromium or Playwright is missing, except in CI, where that fails. Start it
    after the test's database work: while Playwright's sync API runs, its event loop gives
    Django's code in this thread another database connection, which nothing would close.
    """
    sync_playwright = sync_playwright_or_skip()

    @contextlib.contextmanager
    def started() -> Iterator:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                yield browser
            finally:
                browser.close()

    return started


class Watched:
    """A page with the hooks installed, and everything they and the network reported.

    Requests go to `own_host` (the live server), or are answered by `serve(url)` when it
    returns a page; any other request is aborted: nothing leaves the machine.
    """

    def __init__(self, browser, own_host: str, serve: Callable[[str], str | None] | None = None):
        self.reports: list[str] = []
        self.own_host, self.serve = own_host, serve or (lambda url: None)
        self.page = browser.new_page()
        self.page.expose_binding("__xssReport", lambda _source, line: self.reports.append(line))
        self.page.add_init_script(HOOKS)
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._request)

    def _dialog(self, dialog) -> None:
        self.reports.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, route) -> None:
        request = route.request
        if request.resource_type in ACTIVE_REQUESTS:
            self.reports.append(f"{request.resource_type} request {request.url[:100]}")
        page = self.serve(request.url)
        if page is not None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=page)
        elif urlsplit(request.url).netloc == self.own_host:
            route.continue_()
        else:
            route.abort()

    def check(self, url: str) -> list[str]:
        """Load `url`, provoke every element, and return what ran or looks active."""
        self.reports.clear()
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(20)  # timers, animations and transitions of 1 ms
        self.page.evaluate(PROVOKE)
        found = self.page.evaluate(AUDIT)
        self.page.wait_for_timeout(20)
        return [*found, *self.reports]


def numbered_pages(pages: list[str]) -> Callable[[str], str | None]:
    """Serve pages[n] at http://sanitiser.test/n; None (not found) for anything else."""

    def serve(url: str) -> str | None:
        parts = urlsplit(url)
        number = parts.path.strip("/")
        if parts.netloc != "sanitiser.test" or not number.isdigit():
            return None
        return pages[int(number)]

    return serve


def post_comment(base: str, post: Post, body: str) -> int:
    """Send a comment to the real endpoint over HTTP, as a browser on the post page would."""
    data = urlencode(
        {"name": body[:100], "email": "x@example.org", "body": body, "token": old_token(post)}
    ).encode()
    request = urllib.request.Request(
        f"{base}/comments/post/{post.pk}/", data=data, headers={"Origin": base}, method="POST"
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_no_payload_runs_on_the_real_site(live_server, chromium, make_post, en, carnet):
    base = live_server.url
    carnet(moderation="none", max_links=10, max_per_ip=0, max_per_email=0)
    post = make_post(title="Comments under attack", slug="attack")
    answers = [post_comment(base, post, payload) for payload in PAYLOADS]
    assert set(answers) <= {200, 400} and 400 not in [
        code for p, code in zip(PAYLOADS, answers, strict=True) if "\x00" not in p
    ]
    en.posts_per_page = 2 * len(PAYLOADS) + 1
    en.save()
    Post.objects.bulk_create(payload_posts(post))
    comments = Comment.objects.filter(post=post)
    shown, first_comment = comments.count(), comments.first()
    with chromium() as browser:
        watched = Watched(browser, urlsplit(base).netloc)
        assert watched.check(base + post.get_absolute_url()) == []
        assert watched.page.locator(".comment-body").count() == shown
        assert watched.check(f"{base}/") == []
        assert watched.page.locator(".post-excerpt").count() == 2 * len(PAYLOADS) + 1
        assert watched.check(f"{base}/comments/reply/{first_comment.pk}/") == []


def sanitised_fragments() -> list[str]:
    """Each payload as the comment and post HTML Carnet would put on a page, once each."""
    fragments = {}
    for payload in PAYLOADS:
        for html in (
            comment_html(payload),
            render(payload, Post.Format.HTML).body_html,
            render(payload, Post.Format.MARKDOWN).body_html,
        ):
            fragments.setdefault(html, None)
    return list(fragments)


BATCH = 24


def test_no_sanitised_payload_runs_in_a_page_without_csp(chromium):
    """Fragments go BATCH to a page, each in its own <div>: a fragment that broke out of its
    <div> or swallowed the next would change the count of divs, which is checked too."""
    fragments = sanitised_fragments()
    batches = [fragments[n : n + BATCH] for n in range(0, len(fragments), BATCH)]
    pages = [
        "<!doctype html><html><head><title>fragments</title></head><body><main>"
        + "".join(f'<div class="fragment">{html}</div>' for html in batch)
        + "</main></body></html>"
        for batch in batches
    ]
    with chromium() as browser:
        watched = Watched(browser, "sanitiser.test", numbered_pages(pages))
        for n, batch in enumerate(batches):
            assert watched.check(f"http://sanitiser.test/{n}") == [], batch
            shown = watched.page.locator("main > div.fragment").count()
            assert shown == len(batch), batch


def test_the_hooks_catch_a_payload_that_runs(chromium):
    """The same machinery on unsanitised HTML: proof that the two tests above can fail."""
    raw = [
        "<img src=x onerror=alert(1)>",
        "<a href='java&#x09;script:alert(2)'>x</a>",
        "<script>fetch('/x')</script>",
        "<svg><animate onbegin=confirm(4) attributeName=x dur=1s></svg>",
        "<p onmouseover=prompt(5)>hover</p>",
    ]
    with chromium() as browser:
        watched = Watched(browser, "sanitiser.test", numbered_pages(raw))
        reports = [watched.check(f"http://sanitiser.test/{n}") for n in range(len(raw))]
    assert any(r.startswith("alert: 1") for r in reports[0])
    assert any("script:alert(2)" in r for r in reports[1])
    assert any(r.startswith("fetch: /x") for r in reports[2])
    assert any(r.startswith("confirm: 4") for r in reports[3])
    assert any(r.startswith("prompt: 5") for r in reports[4])
