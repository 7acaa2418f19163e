"""``python -m mocks.idp --port N``: run the mock identity provider on loopback."""

from __future__ import annotations

import click
import uvicorn

from mocks.idp.app import DEFAULT_AUDIENCE, IdentityProvider, IdpConfig, create_app
from mocks.idp.personas import PERSONAS

__all__ = ["main"]


@click.command(context_settings={"auto_envvar_prefix": "HELHED_IDP"})
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8100, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port to listen on.")
@click.option("--issuer", default=None,
              help="Issuer URL (default: http://HOST:PORT); tokens and discovery use it.")
@click.option("--audience", default=DEFAULT_AUDIENCE, show_default=True,
              help="Default 'aud' of minted tokens.")
@click.option("--token-lifetime", default=3600, show_default=True, type=click.IntRange(1),
              help="Seconds a token is valid.")
@click.option("--grace-period", default=600.0, show_default=True, type=click.FloatRange(0),
              help="Seconds a rotated-out key stays in the JWKS.")
def main(host: str, port: int, issuer: str | None, audience: str, token_lifetime: int,
         grace_period: float) -> None:
    """Serve OIDC discovery, a JWKS and a dev token endpoint for the demo personas."""
    base = (issuer or f"http://{host}:{port}").rstrip("/")
    idp = IdentityProvider(IdpConfig(issuer=base, audience=audience,
                                     token_lifetime=token_lifetime, grace_period=grace_period))
    click.echo(f"mock IdP at {base} (audience {audience}); personas: {', '.join(PERSONAS)}")
    click.echo(f"  curl -s -d persona=jobcenter {base}/token")
    uvicorn.run(create_app(idp), host=host, port=port, log_level="warning", lifespan="off")


if __name__ == "__main__":
    main()
