#!/usr/bin/env bash
# On a machine WITH internet access, same CPU architecture and Python minor version as the
# intranet servers: fetch every runtime package into ./wheelhouse, pin its hashes, and pack
# the release with its wheelhouse into one tarball to carry in.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
rm -rf wheelhouse && mkdir wheelhouse
"$PYTHON" -m pip download -r requirements/base.txt -d wheelhouse
"$PYTHON" deploy/offline/hash_wheelhouse.py wheelhouse > requirements/base.hashes.txt
git diff --stat -- requirements/base.hashes.txt || true
tar czf "duban-offline-$(git rev-parse --short HEAD).tar.gz" \
  --exclude=.git --exclude=.venv --exclude=var --exclude='*.tar.gz' .
echo "packed: duban-offline-$(git rev-parse --short HEAD).tar.gz ($(ls wheelhouse | wc -l) files in the wheelhouse)"
