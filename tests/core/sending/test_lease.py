"""The single-sender lease: one holder at a time; a dead holder on this machine is replaced."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from smsdesk.core.clock import utc_now
from smsdesk.core.db.engine import Database
from smsdesk.core.sending import lease


def test_one_holder_at_a_time_until_it_expires_or_releases(db: Database) -> None:
    now = utc_now()
    with db.session() as session:
        assert lease.acquire(session, holder="a:1:x", now=now) is None
    with db.session() as session:
        assert lease.acquire(session, holder="b:2:y", now=now) == "a:1:x"
        assert lease.renew(session, holder="a:1:x", now=now)
        assert not lease.renew(session, holder="b:2:y", now=now)
    later = now + lease.DEFAULT_TTL + timedelta(seconds=1)
    with db.session() as session:
        assert lease.current_holder(session, now=later) is None
        assert lease.acquire(session, holder="b:2:y", now=later) is None
    with db.session() as session:
        assert not lease.renew(session, holder="a:1:x", now=later)  # a lost it: must stop
        lease.release(session, holder="b:2:y")
        assert lease.current_holder(session, now=later) is None


@pytest.mark.skipif(os.name != "posix", reason="process liveness check is POSIX only")
def test_a_holder_whose_process_died_is_taken_over_at_once(db: Database) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    dead = f"{socket.gethostname()[:60]}:{child.pid}:abc"
    alive = f"{socket.gethostname()[:60]}:{os.getppid()}:def"
    now = utc_now()
    with db.session() as session:
        assert lease.acquire(session, holder=alive, now=now) is None
    with db.session() as session:
        assert lease.acquire(session, holder="me:1:x", now=now) == alive
        lease.release(session, holder=alive)
        assert lease.acquire(session, holder=dead, now=now) is None
    with db.session() as session:
        assert lease.current_holder(session, now=now) is None
        assert lease.acquire(session, holder=lease.make_holder(), now=now) is None


def test_holders_elsewhere_are_never_presumed_dead() -> None:
    assert not lease.holder_is_dead("another-host:1:abc")
    assert not lease.holder_is_dead("garbage")
    assert not lease.holder_is_dead(lease.make_holder())  # this very process
