"""The password hasher's cost is ours (decision 0029), and older hashes still sign in."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from config.settings import base
from duban.accounts.hashers import PBKDF2_ITERATIONS, PBKDF2SHA256Hasher


def test_production_hashes_with_the_pinned_pbkdf2_cost():
    assert base.PASSWORD_HASHERS[0] == "duban.accounts.hashers.PBKDF2SHA256Hasher"
    assert PBKDF2SHA256Hasher.iterations == PBKDF2_ITERATIONS == 600_000


def test_a_hash_with_another_count_verifies_and_is_upgraded():
    older = PBKDF2PasswordHasher().encode("Duban-2021", PBKDF2PasswordHasher().salt(), 1000)
    hasher = PBKDF2SHA256Hasher()
    assert hasher.verify("Duban-2021", older)
    assert hasher.must_update(older)
    assert not hasher.must_update(hasher.encode("Duban-2021", hasher.salt()))
