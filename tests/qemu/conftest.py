import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from machine import Machine  # noqa: E402


@pytest.fixture
def boot():
    """Returns a function that starts a Machine; every one is stopped after
    the test."""
    started = []

    def start(**kw):
        m = Machine(**kw)
        started.append(m)
        return m

    yield start
    for m in started:
        m.close()
