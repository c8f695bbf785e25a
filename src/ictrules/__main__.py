"""``python -m ictrules``: the same as the ``ictrules`` command."""

from .cli import main

__all__: list[str] = []

raise SystemExit(main())
