"""``python -m worksheet``."""

from .cli import main

main()
