"""``python -m ictrules``: the same as the ``ictrules`` command."""

import os
import sys

__all__: list[str] = []

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the program is still starting
    sys.stderr.write("ictrules: error: interrupted\n")
    sys.stderr.flush()
    os._exit(130)

raise SystemExit(main())
