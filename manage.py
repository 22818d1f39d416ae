#!/usr/bin/env python
"""Same as the ``beacon`` command, for those who expect manage.py."""

from beacon.__main__ import main

if __name__ == "__main__":
    main()
