"""Starts the ovh-sim binary for the fidelity tests."""

import contextlib
import os
import subprocess
import uuid

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

AK = "simApplicationKy"  # 16 chars, like OVH's
AS = "simApplicationSecret0123456789ab"  # 32 chars
CK = "simConsumerKey0123456789abcdefgh"  # 32 chars
CLIENT_ID = "fidelity-client"
CLIENT_SECRET = "fidelity-client-secret"


def sim_binary():
    binary = os.environ.get("OVH_SIM_BIN", os.path.join(REPO, "target", "debug", "ovh-sim"))
    if not os.path.exists(binary):
        pytest.fail(f"The simulator binary {binary} does not exist; run `cargo build -p ovh-sim` or set OVH_SIM_BIN.")
    return binary


@contextlib.contextmanager
def running_sim(*extra_args):
    """Starts ovh-sim with our credentials plus `extra_args`; yields its base URL."""
    proc = subprocess.Popen(
        [
            sim_binary(),
            "--credential", f"{AK}:{AS}:{CK}",
            "--oauth-client", f"{CLIENT_ID}:{CLIENT_SECRET}:http://127.0.0.1:1/callback",
            "--projects", "2",
            "--per-type", "3",
            *extra_args,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        prefix = "ovh-sim listening on "
        assert line.startswith(prefix), f"Unexpected first line from ovh-sim: {line!r}"
        yield line[len(prefix):]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def sim():
    with running_sim() as url:
        yield url


@pytest.fixture
def endpoint(sim):
    """Registers the simulator in the client's endpoint table and returns its name."""
    import ovh.client

    name = "ovh-sim-" + uuid.uuid4().hex[:8]
    ovh.client.ENDPOINTS[name] = sim + "/1.0"
    ovh.client.OAUTH2_TOKEN_URLS[name] = sim + "/auth/oauth2/token"
    yield name
    del ovh.client.ENDPOINTS[name]
    del ovh.client.OAUTH2_TOKEN_URLS[name]
