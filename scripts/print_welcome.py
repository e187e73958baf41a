"""Print where to sign in and the demo accounts (run by `make run`)."""

import argparse
import json
import os
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--port", default="8000")
port = parser.parse_args().port
output = subprocess.run(
    [sys.executable, "manage.py", "load_demo", "--if-empty", "--json"],
    check=True,
    capture_output=True,
    text=True,
    env=os.environ,
).stdout
accounts = json.loads(output)
base = f"http://127.0.0.1:{port}"
print()
print("督办 duban 已启动:")
print(f"  工作台(需登录)  {base}/")
print(f"  政务公开(无需登录) {base}/public/")
print(f"  系统管理          {base}/admin/")
print("演示账号:")
for account in accounts:
    name, password = account["username"], account["password"]
    print(f"  {name:<16} 密码 {password:<18} {account['role']:<14} {account['department']}")
print()
