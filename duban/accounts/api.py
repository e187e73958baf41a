"""Token sign-in for the API, with the same lock-out and audit as the sign-in page."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.core.http import client_address

from .services import LOCKED_MESSAGE, lockout_settings, login_is_locked, login_record


class TokenInput(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=TokenInput,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
        summary="用用户名和密码换取令牌",
    )
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        username, password = data.validated_data["username"], data.validated_data["password"]
        ip = client_address(request)
        if login_is_locked(username=username):
            login_record(username=username, user=None, success=False, ip=ip, reason="账号已锁定")
            return Response(
                {"detail": LOCKED_MESSAGE.format(minutes=lockout_settings()[1])},
                status=status.HTTP_403_FORBIDDEN,
            )
        user = authenticate(request, username=username, password=password)
        if user is None:
            login_record(
                username=username, user=None, success=False, ip=ip, reason="用户名或密码错误"
            )
            return Response({"detail": "用户名或密码不正确。"}, status=status.HTTP_400_BAD_REQUEST)
        login_record(username=username, user=user, success=True, ip=ip)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
