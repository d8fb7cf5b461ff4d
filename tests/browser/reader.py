"""A reader in the browser: visits pages, photographs each once, notes what went wrong."""

import re
from urllib.parse import unquote, urlsplit

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
# A request the browser dropped because the reader moved on (a lazy picture, the view
# beacon's fallback) is not a failure of the site.
ABORTED = "net::ERR_ABORTED"


class Reader:
    def __init__(self, page, site_url, folder, photographed):
        self.page = page
        self.site_url = site_url
        self.folder = folder
        self.photographed = photographed
        self.problems = []
        self.deliberate = set()  # addresses visited to see them fail (a 404 page)
        page.on("pageerror", lambda error: self.note(f"script error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def note(self, problem):
        self.problems.append(f"{self.page.url}: {problem}")

    def _console(self, message):
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if source in self.deliberate:
            return
        self.note(f"console error: {message.text} (at {source or 'the page'})")

    def _response(self, response):
        if response.status >= 400 and response.url not in self.deliberate:
            self.note(f"{response.status} for {response.request.method} {response.url}")

    def _request_failed(self, request):
        if request.failure != ABORTED:
            self.note(f"request failed ({request.failure}): {request.method} {request.url}")

    def goto(self, path, status=200):
        """Opens an address as a reader typing it; ``status`` other than 200 is deliberate."""
        if status >= 400:
            self.deliberate.add(self.site_url + path)
        response = self.page.goto(path)
        assert response is not None and response.status == status, (
            f"{path} answered {response and response.status}, not {status}"
        )
        self.arrived()
        return response

    def arrived(self):
        """After a click that loads a page: waits for it and photographs it once."""
        self.page.wait_for_load_state("load")
        self.photograph()

    def load_all_pictures(self):
        """Loads the lazy pictures too, as a reader scrolling to the end would."""
        self.page.evaluate("for (const img of document.images) img.loading = 'eager'")
        self.page.wait_for_function("Array.from(document.images).every(img => img.complete)")

    def h1(self):
        return self.page.get_by_role("heading", level=1)

    def photograph(self):
        """Full-page screenshots at phone and desktop width, once per page, language and
        colour scheme."""
        page = self.page
        language = page.evaluate("document.documentElement.lang") or "none"
        if page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches"):
            language += ".dark"
        key = (page.url, language)
        if key in self.photographed:
            return
        self.photographed.add(key)
        address = urlsplit(page.url)
        name = re.sub(r"[^\w]+", "-", unquote(address.path + "-" + address.query)).strip("-")
        original = page.viewport_size
        # Lazy pictures would be blank in a full-page shot.
        self.load_all_pictures()
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            page.screenshot(
                path=self.folder / f"{name or 'home'}.{language}.{width}.png", full_page=True,
            )
        page.set_viewport_size(original)
