"""Security headers and a content security policy on every page: each GET row of the URL × role table
(beacon/core/tests/test_url_roles.py), fetched as a persona that gets 200 (the administrator, else anonymous,
else the first who does), and every HTML answer checked for its headers and for markup the policy would block
(inline script and style elements, style attributes, on* event handler attributes)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from beacon.core.tests.test_url_roles import TABLE, table_world  # noqa: F401  (the world of the table)
from beacon.testing.url_table import PERSONAS, Row
from beacon.testing.world import World

GET_ROWS = [row for row in TABLE if row.method == "get" and 200 in row.expect.values()]

# Pages known to break the policy, with the fix. Each is checked still to break it (below), so that its line
# goes when it is fixed.
KNOWN: dict[str, str] = {}


def persona_for(row: Row) -> str:
    for persona in ("admin", "anonymous", *PERSONAS):
        if row.expect[persona] == 200:
            return persona
    raise AssertionError(f"{row.name}: nobody gets 200")  # pragma: no cover - GET_ROWS holds only such rows


def policy_of(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def header_problems(response: Any) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy")
    if not csp:
        return ["no Content-Security-Policy"]
    policy = policy_of(csp)
    scripts = policy.get("script-src", policy.get("default-src"))
    if scripts is None or "'self'" not in scripts:
        problems.append(f"script-src is not 'self': {scripts}")
    if scripts and ("'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts):
        problems.append(f"script-src allows inline or eval: {scripts}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not response.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if response.get("X-Frame-Options") != "DENY" and policy.get("frame-ancestors") != ["'none'"]:
        problems.append("framing allowed (no X-Frame-Options: DENY nor frame-ancestors 'none')")
    if not response.get("Cross-Origin-Opener-Policy"):
        problems.append("no Cross-Origin-Opener-Policy")
    return problems


class InlineFinder(HTMLParser):
    """Finds what the policy blocks: <script> with no src, <style>, style="..." and on*="..." attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower() for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append(f"line {self.getpos()[0]}: inline <script>")
        if tag == "style":
            self.found.append(f"line {self.getpos()[0]}: inline <style>")
        if "style" in names:
            self.found.append(f"line {self.getpos()[0]}: style attribute on <{tag}>")
        handlers = sorted(name for name in names if name.startswith("on"))
        if handlers:
            self.found.append(f"line {self.getpos()[0]}: {', '.join(handlers)} on <{tag}>")

    handle_startendtag = handle_starttag


def markup_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def test_the_checks_find_what_they_look_for():
    assert markup_problems('<p style="color:red">x</p><script>alert(1)</script><a onclick="x()">y</a>') == [
        "line 1: style attribute on <p>", "line 1: inline <script>", "line 1: onclick on <a>"]
    assert markup_problems("<style>p {}</style>") == ["line 1: inline <style>"]
    assert markup_problems('<script type="module" src="/static/x.mjs"></script><p class="a">online</p>') == []
    assert policy_of("default-src 'self'; script-src 'self' 'unsafe-inline'")["script-src"] == [
        "'self'", "'unsafe-inline'"]


@pytest.mark.django_db
def test_every_page_has_the_security_headers_and_nothing_the_policy_blocks(table_world: World) -> None:  # noqa: F811
    world = table_world
    clients: dict[str, Client] = {}
    failures: list[str] = []
    checked = 0
    for row in GET_ROWS:
        if row.name in KNOWN:
            continue
        persona = persona_for(row)
        if persona not in clients:
            clients[persona] = Client()
            if persona != "anonymous":
                clients[persona].force_login(world.users[persona])
        path = row.path(world)
        response = clients[persona].get(path)
        if response.status_code != 200:
            failures.append(f"{path} ({persona}): {response.status_code}, expected 200")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if response.get("Content-Disposition", "").startswith("attachment"):
            continue  # a file to save (a published report), not a page
        checked += 1
        problems = header_problems(response) + markup_problems(response.content.decode())
        failures += [f"{path} ({persona}): {problem}" for problem in problems]
    assert checked > 100, f"only {checked} HTML pages checked"
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)



def test_the_api_docs_start_swagger_ui_from_a_script_file() -> None:
    """The Swagger UI page was the one exception to the policy (an inline start-up script and <style>): it now
    loads its start-up script from its own address."""
    client = Client()
    page = client.get("/api/v1/docs/").content.decode()
    assert "<style" not in page and '<script src="/api/v1/docs/?script' in page.replace("&amp;", "&")
    script = client.get("/api/v1/docs/?script")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
