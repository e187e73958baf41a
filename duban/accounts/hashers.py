"""The password hasher, its cost chosen here rather than by the Django release
(docs/decisions/0029-password-hashing.md)."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

# OWASP's figure for PBKDF2-HMAC-SHA256 (2023). Django's default rises with every release
# (1,000,000 in 5.2); pinning it keeps sign-in capacity a deliberate figure. Stored hashes of
# another count still verify and are re-hashed at this one on the next sign-in.
PBKDF2_ITERATIONS = 600_000


class PBKDF2SHA256Hasher(PBKDF2PasswordHasher):
    """PBKDF2-HMAC-SHA256 at PBKDF2_ITERATIONS; same algorithm name, so old hashes match it."""

    iterations = PBKDF2_ITERATIONS
