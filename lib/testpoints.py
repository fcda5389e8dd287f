"""Named pause points for the crash-safety tests (tests/test_crash_safety.py), off unless a test
turns them on.

The tests start the real web server or worker, stop it with ``kill -9`` in the middle of a write
and check that nothing of it was committed. "The middle" must be a known place, not a race: the
services call ``pause("name")`` inside their transaction, after they have written rows. When the
setting ``DANVAN_TEST_PAUSE_DIR`` (environment variable of the same name) names a folder holding
``<name>.pause``, the process writes ``<name>.reached`` there and waits until the ``.pause`` file
is removed (or a minute passes); otherwise ``pause`` returns at once. The setting is empty
everywhere but in those tests, and production refuses it (``danvan/settings.py``)."""

import os
import time
from pathlib import Path

from django.conf import settings

WAIT_SECONDS = 60


def pause(name: str) -> None:
    folder = getattr(settings, "DANVAN_TEST_PAUSE_DIR", "")
    if not folder:
        return
    armed = Path(folder) / f"{name}.pause"
    if not armed.exists():
        return
    (Path(folder) / f"{name}.reached").write_text(str(os.getpid()))
    deadline = time.monotonic() + WAIT_SECONDS
    while armed.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
