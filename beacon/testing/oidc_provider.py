"""A real OpenID Connect provider for the tests of single sign-on: PyPI's ``oidc-provider-mock`` (a Flask app on
Authlib's authorisation server), run in its own process on 127.0.0.1 so that moving Beacon's clock in a test
(time_machine) does not move the provider's.

``python -m beacon.testing.oidc_provider`` starts, in one process sharing one provider (one set of users, codes
and keys):

- the provider itself, on a free port;
- an *alias*: the same provider reached on another port but answering as if it were on the first (it forwards
  with the first's Host), so that its discovery document names another issuer than the URL it was fetched from
  (a mis-configured issuer);

and prints ``{"url": ..., "alias": ...}`` as its first line. Test-only, in front of the token endpoint:
``POST /_test/swap-id-token`` with ``{"id_token": ...}`` makes the provider's next token answer carry that ID token
instead of the one it issued (a substituted token: another client's, or an earlier sign-in's). Nothing of this is
in Beacon.

``ProviderProcess`` starts and stops it for a pytest fixture and drives the provider's pages the way a browser
would (``sign_in``), for the tests that use Django's test client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs, urlsplit

SWAP_PATH = "/_test/swap-id-token"
TOKEN_PATH = "/oauth2/token"


class SwapIdToken:
    """WSGI middleware in front of the provider: replaces the ID token of the next token answer, when told to."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.queue: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == SWAP_PATH and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(length) or b"{}")
            with self.lock:
                self.queue.append(str(body["id_token"]))
            start_response("204 No Content", [])
            return [b""]
        with self.lock:
            swap = self.queue.pop(0) if path == TOKEN_PATH and method == "POST" and self.queue else None
        if swap is None:
            return self.app(environ, start_response)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        body_bytes = b"".join(self.app(environ, capture))
        answer = json.loads(body_bytes)
        if "id_token" in answer:
            answer["id_token"] = swap
        out = json.dumps(answer).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(out)))])
        return [out]


class AsHost:
    """WSGI middleware: every request reaches ``app`` as if sent to ``host`` (a reverse proxy keeping the
    upstream's name)."""

    def __init__(self, app: Callable[..., Iterable[bytes]], host: str) -> None:
        self.app, self.host = app, host

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ = {**environ, "HTTP_HOST": self.host, "SERVER_NAME": self.host.split(":")[0],
                   "SERVER_PORT": self.host.split(":")[1]}
        return self.app(environ, start_response)


def serve(max_age_seconds: int) -> None:
    import werkzeug.serving
    from oidc_provider_mock import app as provider_app

    app = SwapIdToken(provider_app(require_nonce=True, access_token_max_age=dt.timedelta(seconds=max_age_seconds)))
    main = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    alias = werkzeug.serving.make_server("127.0.0.1", 0, AsHost(app, f"127.0.0.1:{main.server_port}"), threaded=True)
    for server in (main, alias):
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    print(json.dumps({"url": f"http://127.0.0.1:{main.server_port}",
                      "alias": f"http://127.0.0.1:{alias.server_port}"}), flush=True)
    sys.stdin.read()  # until the parent closes our input (or ends)


class ProviderProcess:
    """The provider in a child process, for a fixture: ``with ProviderProcess() as provider: ...``."""

    def __init__(self, max_age_seconds: int = 3600) -> None:
        self.max_age_seconds = max_age_seconds
        self.url = self.alias = ""
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> ProviderProcess:
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
            [sys.executable, "-m", "beacon.testing.oidc_provider", "--max-age", str(self.max_age_seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "AUTHLIB_INSECURE_TRANSPORT": "1"},  # plain HTTP on 127.0.0.1
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.kill()
            raise RuntimeError("The OpenID Connect provider did not start")
        addresses = json.loads(line)
        self.url, self.alias = addresses["url"], addresses["alias"]
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    # Driving the provider

    def set_user(self, sub: str, **claims: Any) -> None:
        """The claims the provider gives ``sub`` (groups among them) from now on."""
        import httpx

        httpx.put(f"{self.url}/users/{sub}", json=claims, timeout=10).raise_for_status()

    def swap_next_id_token(self, id_token: str) -> None:
        import httpx

        httpx.post(f"{self.url}{SWAP_PATH}", json={"id_token": id_token}, timeout=10).raise_for_status()

    def authorize(self, authorization_url: str, sub: str) -> str:
        """Post the provider's sign-in form for ``sub`` as a browser would; returns the URL the provider sends
        the browser back to (the relying party's callback, with code and state)."""
        import httpx

        page = httpx.get(authorization_url, timeout=10)
        page.raise_for_status()
        assert 'name="sub"' in page.text, page.text[:500]
        answer = httpx.post(authorization_url, data={"sub": sub}, timeout=10, follow_redirects=False)
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["location"]

    def token_for(self, client_id: str, sub: str, *, nonce: str, redirect_uri: str) -> str:
        """A real sign-in of ``sub`` to another client (``client_id``): the ID token the provider issues it."""
        import httpx

        query = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
                 "scope": "openid email profile", "state": "someone-else-state", "nonce": nonce}
        page = httpx.get(f"{self.url}/oauth2/authorize", params=query, timeout=10)
        page.raise_for_status()
        back = self.authorize(str(page.url), sub)
        code = parse_qs(urlsplit(back).query)["code"][0]
        token = httpx.post(f"{self.url}{TOKEN_PATH}", data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        }, auth=(client_id, "someone-else-secret"), timeout=10)
        token.raise_for_status()
        return str(token.json()["id_token"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-age", type=int, default=3600, help="seconds an ID token is valid for")
    serve(parser.parse_args().max_age)
