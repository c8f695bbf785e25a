"""Shared test configuration: Hypothesis profiles.

``ci`` (chosen by ``make test``) is derandomised with bounded examples so CI is stable;
``dev`` is the default for a quick local run; ``thorough`` looks harder.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
