"""``python -m bench`` (``make bench``): exit 0 unless a page failed or a council could not be built."""

from __future__ import annotations

import sys

from bench.environment import prepare


def main() -> int:
    prepare()
    from bench.runner import run  # imports models: only once Django is set up

    return run()


if __name__ == "__main__":
    sys.exit(main())
