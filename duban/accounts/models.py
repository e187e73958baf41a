"""The user model, custom from day one so roles and departments can join it later."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in to duban."""

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
