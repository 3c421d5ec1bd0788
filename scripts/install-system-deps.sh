#!/usr/bin/env bash
# Installs the Debian packages the platform needs on a fresh machine:
#   - chromium (browser tests), a CJK font (certificates, screenshots)
#   - postgresql (CI runs the suite against the real server)
#   - redis-server (the two-node signalling test runs against a real Redis)
#   - ffmpeg (the broadcaster: recording and HLS) and nginx (the tested HLS edge cache)
#   - the mediasoup worker's build dependencies, including meson >= 1.1 from
#     bookworm-backports fetched through a private apt config (/etc/apt is never edited).
# Idempotent: packages already present are skipped. Needs root (or sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-system-deps: needs root or sudo to install Debian packages" >&2; exit 1; fi
fi
if ! command -v apt-get >/dev/null; then
  echo "install-system-deps: not a Debian-like system; install chromium, postgresql and the mediasoup build deps yourself" >&2
  exit 0
fi

WANT_BROWSER=${WANT_BROWSER:-1}
WANT_POSTGRES=${WANT_POSTGRES:-1}
WANT_REDIS=${WANT_REDIS:-1}
WANT_BROADCAST=${WANT_BROADCAST:-1}
WORKER_DEPS="ninja-build pkg-config g++ python3-setuptools libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev flatbuffers-compiler libflatbuffers-dev nlohmann-json3-dev liburing-dev"
PKGS="$WORKER_DEPS"
[ "$WANT_BROWSER" = 1 ] && PKGS="$PKGS chromium fonts-wqy-microhei poppler-utils"
[ "$WANT_POSTGRES" = 1 ] && PKGS="$PKGS postgresql"
[ "$WANT_REDIS" = 1 ] && PKGS="$PKGS redis-server"
[ "$WANT_BROADCAST" = 1 ] && PKGS="$PKGS ffmpeg nginx"

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
  echo "install-system-deps: installing$missing"
  $SUDO apt-get update -qq || true
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# meson >= 1.1 (bookworm ships 1.0.1): take the pure-Python package from bookworm-backports.
meson_ok() { command -v meson >/dev/null && python3 - "$(meson --version)" <<'PY'
import sys; v=[int(x) for x in sys.argv[1].split('.')[:2]]; sys.exit(0 if v>=[1,1] else 1)
PY
}
if ! meson_ok; then
  tmp=$(mktemp -d)
  mkdir -p "$tmp/lists/partial" "$tmp/parts" "$tmp/cache/archives/partial"
  cat > "$tmp/parts/backports.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  opts=(-o "Dir::Etc::SourceParts=$tmp/parts" -o "Dir::Etc::SourceList=/dev/null" -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache")
  $SUDO apt-get "${opts[@]}" update -qq
  (cd "$tmp" && $SUDO apt-get "${opts[@]}" download meson/bookworm-backports)
  $SUDO apt-get install -y -qq --no-install-recommends "$tmp"/meson_*.deb
  rm -rf "$tmp"
fi
echo "install-system-deps: ok (meson $(meson --version))"
