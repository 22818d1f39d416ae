"""Single sign-on over OpenID Connect: the rules, without the HTTP views (``views_sso``).

Providers come from ``settings.OIDC_PROVIDERS`` (read at each request). A sign-in has two halves:

- ``start``: discover the provider (``<issuer>/.well-known/openid-configuration``, cached briefly; the issuer it
  gives must be the configured one), keep a fresh state, nonce and PKCE verifier in the session, and return the
  provider's authorisation URL;
- ``finish``: take the state back out of the session (each is usable once), swap the code for tokens at the
  provider's token endpoint, check the ID token (signature against the provider's keys, issuer, audience and
  authorised party, expiry, issue time, nonce), then — only then, in one transaction — find or create the
  account, set the roles its groups map to, and sign the user in.

Anything wrong raises ``SsoRefused``: a plain message for the page, a technical detail for the audit trail. A
refusal writes nothing but its audit line (the view records it). Authlib (``OAuth2Session``) builds the requests
and joserfc checks the signature; the claim checks are spelt out here so that each refusal says why.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from beacon.accounts import audit
from beacon.accounts.models import Account, EventKind, ExternalIdentity, SsoRoleMapping
from beacon.core.models import Membership, Role

SIGNED_IN_WITH = "beacon_signed_in_with"  # the session key the two-factor middleware reads
PENDING = "beacon_sso_pending"  # state -> what the callback needs (provider, nonce, PKCE verifier, next)
MAX_PENDING = 5  # sign-ins started and not finished in one session (several tabs); older ones are dropped
DISCOVERY_SECONDS = 300
LEEWAY = 60  # seconds of clock difference allowed on exp and iat
HTTP_TIMEOUT = 10
# Asymmetric signatures only: never "none", never a MAC keyed with the client secret.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
ROLE_RANK = {role: rank for rank, role in enumerate(Role.values)}  # Role's order: administrator first
FROM_GROUPS = "from single sign-on groups"


class SsoRefused(Exception):
    """A sign-in refused: ``message`` for the person (plain words), ``detail`` for the audit trail."""

    def __init__(self, message: str, detail: str, *, user: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.user = user


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    label: str
    groups_claim: str
    scope: str

    @property
    def title(self) -> str:
        """The provider's name in a sentence: the label without a leading "Sign in with"."""
        label = self.label.strip()
        prefix = "sign in with "
        return label[len(prefix):] if label.lower().startswith(prefix) else label

    @property
    def button(self) -> str:
        return f"Sign in with {self.title}"


def providers() -> dict[str, Provider]:
    """The configured providers, by name, in the order configured."""
    configured: dict[str, dict[str, str]] = getattr(settings, "OIDC_PROVIDERS", {}) or {}
    result = {}
    for name, values in configured.items():
        result[name] = Provider(
            name=name, issuer=values["issuer"].rstrip("/"), client_id=values["client_id"],
            client_secret=values.get("client_secret", ""), label=values.get("label") or name,
            groups_claim=values.get("groups_claim") or "groups", scope=values.get("scope") or "openid email profile",
        )
    return result


def get_provider(name: str) -> Provider | None:
    return providers().get(name)


# Discovery and keys


def _unreachable(provider: Provider, detail: str) -> SsoRefused:
    return SsoRefused(
        f"Beacon could not reach {provider.title} to sign you in. Try again in a few minutes; if it keeps "
        "happening, tell your IT service desk.", detail)


def _misconfigured(provider: Provider, detail: str) -> SsoRefused:
    return SsoRefused(
        f"Beacon could not sign you in with {provider.title} because the sign-in service is not set up the way "
        "Beacon expects. Tell your IT service desk.", detail)


def _get_json(provider: Provider, url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise _unreachable(provider, f"{url}: {error}") from error
    if not isinstance(data, dict):
        raise _misconfigured(provider, f"{url} did not answer a JSON object")
    return data


def _cache_key(kind: str, url: str) -> str:
    return f"beacon:oidc:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def discover(provider: Provider) -> dict[str, Any]:
    """The provider's metadata (cached for ``DISCOVERY_SECONDS``), refused unless it names the configured issuer
    and gives the endpoints a sign-in needs."""
    url = f"{provider.issuer}/.well-known/openid-configuration"
    key = _cache_key("discovery", url)
    metadata = cache.get(key)
    if metadata is None:
        metadata = _get_json(provider, url)
        cache.set(key, metadata, DISCOVERY_SECONDS)
    said = str(metadata.get("issuer", "")).rstrip("/")
    if said != provider.issuer:
        raise _misconfigured(provider, f"the provider says it is {said or '(no issuer)'}, Beacon expects "
                                       f"{provider.issuer}")
    missing = [name for name in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not metadata.get(name)]
    if missing:
        raise _misconfigured(provider, f"the provider's discovery document has no {', '.join(missing)}")
    return metadata


def _key_set(provider: Provider, metadata: dict[str, Any], *, fresh: bool = False) -> KeySet:
    url = metadata["jwks_uri"]
    key = _cache_key("jwks", url)
    data = None if fresh else cache.get(key)
    if data is None:
        data = _get_json(provider, url)
        cache.set(key, data, DISCOVERY_SECONDS)
    try:
        return KeySet.import_key_set(data)  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise _misconfigured(provider, f"the provider's keys ({url}) could not be read: {error}") from error


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def form_action_origins() -> list[str]:
    """The origins a sign-in button's form may end up at (Beacon answers its POST with a redirect to the
    provider, and browsers check the content security policy's form-action at every step): each provider's
    issuer, and its authorisation endpoint when discovery is already cached. Nothing is fetched."""
    origins: set[str] = set()
    for provider in providers().values():
        origins.add(_origin(provider.issuer))
        metadata = cache.get(_cache_key("discovery", f"{provider.issuer}/.well-known/openid-configuration"))
        if isinstance(metadata, dict) and metadata.get("authorization_endpoint"):
            origins.add(_origin(str(metadata["authorization_endpoint"])))
    return sorted(origin for origin in origins if origin)


# Starting


def callback_url(request: HttpRequest, provider: Provider) -> str:
    return request.build_absolute_uri(reverse("sso:callback", args=[provider.name]))


def safe_next(request: HttpRequest, value: str | None) -> str:
    """``value`` if it is a local URL of this site, else the empty string."""
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return ""


def _client(request: HttpRequest, provider: Provider) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id, client_secret=provider.client_secret or None, scope=provider.scope,
        redirect_uri=callback_url(request, provider), code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic" if provider.client_secret else "none",
    )


def start(request: HttpRequest, provider: Provider, next_url: str | None = None) -> str:
    """Begin a sign-in: keep a state, a nonce and a PKCE verifier in the session; return the URL to send the
    person to."""
    metadata = discover(provider)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    pending = dict(request.session.get(PENDING) or {})
    while len(pending) >= MAX_PENDING:
        pending.pop(next(iter(pending)))
    pending[state] = {"provider": provider.name, "nonce": nonce, "verifier": verifier,
                      "next": safe_next(request, next_url), "started": int(time.time())}
    request.session[PENDING] = pending
    with _client(request, provider) as client:
        url, _ = client.create_authorization_url(metadata["authorization_endpoint"], state=state, nonce=nonce,
                                                 code_verifier=verifier)
    return str(url)


# Finishing


def _take_pending(request: HttpRequest, state: str) -> dict[str, Any] | None:
    """The sign-in started with ``state``, removed from the session so that it cannot be finished twice."""
    pending = dict(request.session.get(PENDING) or {})
    found = pending.pop(state, None) if state else None
    request.session[PENDING] = pending
    return found


def finish(request: HttpRequest, provider: Provider) -> tuple[Any, str]:
    """Finish a sign-in from the provider's answer (the callback's query): returns the signed-in user and where
    to go next. Raises ``SsoRefused``."""
    params = request.GET
    pending = _take_pending(request, params.get("state", ""))
    if params.get("error"):
        raise SsoRefused(
            f"You did not finish signing in with {provider.title}.",
            f"the provider answered {params.get('error')}: {params.get('error_description', '')}".strip())
    if pending is None:
        raise SsoRefused(
            "This sign-in has already been used or has expired. Start again from the sign-in page.",
            "the state is unknown to this session (a replayed or forged callback, or an old tab)")
    if pending.get("provider") != provider.name:
        raise SsoRefused("This sign-in was started with another provider. Start again from the sign-in page.",
                         f"state started for {pending.get('provider')}, came back to {provider.name}")
    code = params.get("code", "")
    if not code:
        raise SsoRefused(f"{provider.title} did not say who you are. Start again from the sign-in page.",
                         "the callback carried no code")
    metadata = discover(provider)
    id_token = _exchange(request, provider, metadata, code, pending["verifier"])
    claims = validate_id_token(provider, metadata, id_token, nonce=pending["nonce"])
    user = sign_in_account(provider, claims, request=request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SIGNED_IN_WITH] = provider.name
    audit.record(EventKind.SSO_SIGNED_IN, user=user, detail=f"with {provider.name}", request=request)
    return user, pending.get("next") or ""


def _exchange(request: HttpRequest, provider: Provider, metadata: dict[str, Any], code: str, verifier: str) -> str:
    try:
        with _client(request, provider) as client:
            token = client.fetch_token(metadata["token_endpoint"], grant_type="authorization_code", code=code,
                                       code_verifier=verifier, timeout=HTTP_TIMEOUT)
    except requests.RequestException as error:
        raise _unreachable(provider, f"token endpoint: {error}") from error
    except Exception as error:  # an OAuth error answer (invalid_grant...) or an unreadable one
        raise SsoRefused(
            f"{provider.title} did not confirm who you are. Start again from the sign-in page.",
            f"token endpoint refused the code: {error}") from error
    id_token = token.get("id_token") if isinstance(token, dict) else None
    if not isinstance(id_token, str) or not id_token:
        raise _misconfigured(provider, "the token endpoint's answer has no id_token")
    return id_token


def validate_id_token(provider: Provider, metadata: dict[str, Any], id_token: str, *, nonce: str,
                      now: float | None = None) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, authorised party, expiry, issue time and
    nonce are right; else ``SsoRefused``."""
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in ALGORITHMS if alg in offered] or ["RS256"]
    not_checked = f"Beacon could not check the answer from {provider.title}. Start again from the sign-in page."
    try:
        try:
            token = jwt.decode(id_token, _key_set(provider, metadata), algorithms=algorithms)
        except (JoseError, ValueError):
            # The provider may have moved on to a new key since its keys were cached: read them again, once.
            token = jwt.decode(id_token, _key_set(provider, metadata, fresh=True), algorithms=algorithms)
    except (JoseError, ValueError, TypeError) as error:
        raise SsoRefused(not_checked, f"ID token signature not valid: {type(error).__name__}: {error}") from error
    claims = dict(token.claims)
    now = time.time() if now is None else now

    iss = str(claims.get("iss", "")).rstrip("/")
    if iss != provider.issuer:
        raise _misconfigured(provider, f"the ID token says it is from {iss or '(no iss)'}, Beacon expects "
                                       f"{provider.issuer}")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience if isinstance(audience, list) else []
    azp = claims.get("azp")
    if provider.client_id not in audiences or (len(audiences) > 1 and azp is None) or (
            azp is not None and azp != provider.client_id):
        raise SsoRefused(
            f"The answer from {provider.title} was meant for another service, not Beacon. Start again from the "
            "sign-in page; if it keeps happening, tell your IT service desk.",
            f"ID token audience {audiences!r} (azp {azp!r}) is not Beacon's client id {provider.client_id}")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or not isinstance(iat, int | float):
        raise SsoRefused(not_checked, "ID token has no exp or no iat")
    if now > exp + LEEWAY:
        raise SsoRefused(
            f"Your sign-in with {provider.title} took too long and has expired. Start again from the sign-in page.",
            f"ID token expired at {int(exp)}, now {int(now)}")
    if iat > now + LEEWAY:
        raise SsoRefused(not_checked, f"ID token issued in the future ({int(iat)}, now {int(now)})")
    given = claims.get("nonce")
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), nonce.encode()):
        raise SsoRefused(
            "This sign-in has already been used or does not belong to you. Start again from the sign-in page.",
            "ID token nonce is not the one this sign-in was started with (a replayed or substituted token)")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise SsoRefused(not_checked, "ID token has no sub")
    return claims


# The account and its roles


def groups_of(provider: Provider, claims: dict[str, Any]) -> list[str]:
    value = claims.get(provider.groups_claim)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return sorted({item for item in value if isinstance(item, str) and item})


def _unique_username(wanted: str) -> str:
    users = get_user_model().objects
    base = (wanted or "sso-user")[:140]
    candidate, number = base, 1
    while users.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _refuse_disabled(provider: Provider, user: Any) -> None:
    account = Account.objects.filter(user=user).first()
    if not user.is_active or (account is not None and account.disabled_at is not None):
        raise SsoRefused(
            "Your Beacon account is disabled. Ask your council's Beacon administrator if you need it again.",
            f"{provider.name} identity of a disabled account", user=user)


def sign_in_account(provider: Provider, claims: dict[str, Any], *, request: HttpRequest | None = None) -> Any:
    """The user for these (checked) claims: found by the provider and subject, or created just in time; their
    roles set from their groups. Refused for a disabled account, before anything is written."""
    subject = claims["sub"]
    groups = groups_of(provider, claims)
    email = claims.get("email") if isinstance(claims.get("email"), str) else ""
    identity = ExternalIdentity.objects.select_related("user").filter(provider=provider.name, subject=subject).first()
    if identity is not None:
        _refuse_disabled(provider, identity.user)
    with transaction.atomic():
        if identity is None:
            user = get_user_model().objects.create_user(
                username=_unique_username(email or str(claims.get("preferred_username") or subject)),
                email=email or "", first_name=str(claims.get("given_name") or "")[:150],
                last_name=str(claims.get("family_name") or "")[:150],
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            Account.objects.get_or_create(user=user)
            identity = ExternalIdentity.objects.create(user=user, provider=provider.name, subject=subject)
            audit.record(EventKind.SSO_ACCOUNT_CREATED, user=user, request=request,
                         detail=f"{provider.name} subject {subject}")
        user = identity.user
        identity.email = email or identity.email
        identity.groups = groups
        identity.last_signed_in_at = timezone.now()
        identity.save(update_fields=["email", "groups", "last_signed_in_at"])
        apply_group_roles(provider, user, groups, request=request)
    return user


def apply_group_roles(provider: Provider, user: Any, groups: list[str], *,
                      request: HttpRequest | None = None) -> None:
    """For every organisation with mappings for this provider, give the user the highest role their groups map
    to; take away a role this provider gave when no group maps to it any more. Roles given in Beacon (blank
    source) and roles from other providers are never touched."""
    best: dict[int, str] = {}
    mapped: dict[int, Any] = {}
    for mapping in SsoRoleMapping.objects.filter(provider=provider.name).select_related("organisation"):
        mapped[mapping.organisation_id] = mapping.organisation
        if mapping.group in groups:
            current = best.get(mapping.organisation_id)
            if current is None or ROLE_RANK[mapping.role] < ROLE_RANK[current]:
                best[mapping.organisation_id] = mapping.role
    memberships = {m.organisation_id: m for m in
                   Membership.objects.select_for_update().filter(user=user).select_related("organisation")}
    for organisation_id, held in memberships.items():
        if held.source == provider.name:
            mapped.setdefault(organisation_id, held.organisation)
    for organisation_id, organisation in mapped.items():
        role = best.get(organisation_id)
        membership = memberships.get(organisation_id)
        if membership is not None and membership.source != provider.name:
            continue  # given in Beacon, or by another provider
        if role is None:
            if membership is not None:
                membership.delete()
                audit.record(EventKind.ROLE_REMOVED, user=user, organisation=organisation, request=request,
                             detail=f"{Role(membership.role).label}, {FROM_GROUPS}")
        elif membership is None:
            Membership.objects.create(user=user, organisation=organisation, role=role, source=provider.name)
            audit.record(EventKind.ROLE_GIVEN, user=user, organisation=organisation, request=request,
                         detail=f"{Role(role).label}, {FROM_GROUPS}")
        elif membership.role != role:
            before = membership.role
            membership.role = role
            membership.save(update_fields=["role"])
            audit.record(EventKind.ROLE_CHANGED, user=user, organisation=organisation, request=request,
                         detail=f"{Role(before).label} → {Role(role).label}, {FROM_GROUPS}")
