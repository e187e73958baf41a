"""API tokens: signed in through the same backend as every page (lock-out and audit), hashed
at rest, expiring, revocable by their owner, and gone when the password changes (knox)."""

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb

from .backends import locked_minutes_of
from .services import LOCKED_MESSAGE
from .throttles import SignInRateThrottle

SIGN_IN_REFUSED = "用户名或密码不正确。"
NO_TOKEN_IN_REQUEST = "当前请求未使用令牌,无令牌可注销;注销全部令牌请用 logoutall。"  # noqa: S105 (a message)


class TokenInput(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [SignInRateThrottle]
    throttle_scope = "sign_in"

    @extend_schema(
        request=TokenInput,
        responses={
            200: inline_serializer(
                "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
            )
        },
        summary="用用户名和密码换取令牌(有效期见 expiry)",
    )
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        username, password = data.validated_data["username"], data.validated_data["password"]
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            minutes = locked_minutes_of(request._request)
            if minutes:
                return Response(
                    {"detail": LOCKED_MESSAGE.format(minutes=minutes)},
                    status=status.HTTP_403_FORBIDDEN,
                )
            return Response({"detail": SIGN_IN_REFUSED}, status=status.HTTP_400_BAD_REQUEST)
        instance, token = AuthToken.objects.create(
            user=user, expiry=settings.REST_KNOX["TOKEN_TTL"]
        )
        return Response({"token": token, "expiry": instance.expiry})


class LogoutApi(APIView):
    @extend_schema(request=None, responses={204: None}, summary="注销当前令牌")
    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, AuthToken):
            return Response({"detail": NO_TOKEN_IN_REQUEST}, status=status.HTTP_400_BAD_REQUEST)
        request.auth.delete()
        record_event(
            actor=request.user,
            verb=AuditVerb.TOKEN_REVOKE,
            target=request.user,
            after={"tokens": 1},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllApi(APIView):
    @extend_schema(request=None, responses={204: None}, summary="注销本人的全部令牌")
    def post(self, request: Request) -> Response:
        count, _ = AuthToken.objects.filter(user=request.user).delete()
        record_event(
            actor=request.user,
            verb=AuditVerb.TOKEN_REVOKE,
            target=request.user,
            after={"tokens": count},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
