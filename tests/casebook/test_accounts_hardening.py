"""Accounts after issue 18: passwords of at least 12 characters, not common, leaked or
built on the username; a pause that grows after failed logins instead of a lock a stranger
can trigger, with one answer for unknown, disabled and paused accounts; passwd, reset,
unlock and enable."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from jiancha.casebook import Casebook
from jiancha.casebook.accounts import (
    FREE_FAILED_LOGINS,
    LOGIN_REFUSED,
    MAX_PAUSE,
    Accounts,
    check_password,
)
from jiancha.errors import CasebookError

PASSWORD = "correct-horse-battery"
AT = datetime(2026, 3, 2, 10)


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short-1", "至少 12"),
        ("Tq7-kp2-xw", "至少 12"),  # ten characters: main's minimum, no longer enough
        ("password1234", "常见"),
        ("1qaz2wsx3edc", "常见"),
        ("qwertyuiop123", "常见|容易"),
        ("zhang_wei.jc2026", "用户名"),
        ("ZHANG_WEI.JC!x7q", "用户名"),  # case does not hide the name
        ("aaaaaaaaaaaaaaaa", "容易"),
        ("123456789012345", "常见|容易"),
    ],
)
def test_weak_passwords_are_refused_saying_why(password: str, why: str) -> None:
    with pytest.raises(CasebookError, match=why):
        check_password(password, "zhang_wei.jc")


def test_a_strong_password_is_taken() -> None:
    check_password("river-lantern-4417", "zhang_wei.jc")
    check_password(PASSWORD, "zhang_wei.jc")


def test_failed_logins_ask_a_growing_pause_never_a_lock(wf_book: Casebook) -> None:
    accounts = Accounts(wf_book)
    accounts.add("guessed", PASSWORD, "prosecutor", ["350602"])
    moment = AT
    for _ in range(FREE_FAILED_LOGINS - 1):
        assert accounts.login("guessed", "wrong-password!", moment) == (None, LOGIN_REFUSED)
    assert accounts.login("guessed", PASSWORD, moment)[0] is not None  # no pause yet
    pauses = []
    for _ in range(FREE_FAILED_LOGINS + 8):
        accounts.login("guessed", "wrong-password!", moment)
        (user,) = [u for u in accounts.users() if u.username == "guessed"]
        pause = (user.locked_until - moment) if user.locked_until else timedelta(0)
        pauses.append(pause)
        moment += pause  # the guesser waits out each pause
    grown = [p for p in pauses if p]
    assert grown == sorted(grown) and grown[0] < grown[-1] == MAX_PAUSE
    # during the pause even the right password gets the one answer unknown names get
    accounts.login("guessed", "wrong-password!", moment)
    assert accounts.login("guessed", PASSWORD, moment) == (None, LOGIN_REFUSED)
    assert accounts.login("nobody_here", PASSWORD, moment) == (None, LOGIN_REFUSED)
    # once it has passed, the owner signs in: a stranger cannot keep them out for long
    assert accounts.login("guessed", PASSWORD, moment + MAX_PAUSE)[0] is not None


def test_disabled_accounts_get_the_same_answer_and_enable_brings_them_back(
    wf_book: Casebook,
) -> None:
    accounts = Accounts(wf_book)
    accounts.add("leaving", PASSWORD, "analyst", ["350602"])
    accounts.revoke("leaving")
    assert accounts.login("leaving", PASSWORD, AT) == (None, LOGIN_REFUSED)
    assert accounts.enable("leaving").active
    assert accounts.login("leaving", PASSWORD, AT)[0] is not None


def test_passwd_reset_and_unlock(wf_book: Casebook) -> None:
    accounts = Accounts(wf_book)
    accounts.add("forgetful", PASSWORD, "analyst", ["350602"])
    with pytest.raises(CasebookError, match="常见"):
        accounts.set_password("forgetful", "password1234")
    accounts.set_password("forgetful", "river-lantern-4417")
    assert accounts.login("forgetful", PASSWORD, AT)[0] is None
    assert accounts.login("forgetful", "river-lantern-4417", AT)[0] is not None
    _user, temporary = accounts.reset_password("forgetful")
    assert len(temporary) >= 12 and accounts.login("forgetful", temporary, AT)[0] is not None
    for _ in range(FREE_FAILED_LOGINS + 2):
        accounts.login("forgetful", "wrong-password!", AT)
    assert accounts.login("forgetful", temporary, AT)[0] is None
    assert accounts.unlock("forgetful").locked_until is None
    assert accounts.login("forgetful", temporary, AT)[0] is not None
    with pytest.raises(CasebookError, match="没有用户"):
        accounts.reset_password("nobody_here")
