#!/usr/bin/env bash
# The README's test command as a new machine runs it: a fresh clone of the committed HEAD, then
# `npm ci && npm test` with every cache the project and its setup scripts use pointed at an empty
# folder: npm's cache, the e2e tools (Node 24, code-server: KUBE_JOBS_E2E_CACHE), the engine
# script's state (KUBE_JOBS_ENGINE_DIR), the local cluster's Go caches, binaries and state
# (KUBE_JOBS_CLUSTER_CACHE: Kubernetes is built from source again), XDG cache/config/data/state folders (node-gyp headers,
# tsx's compile cache via TMPDIR, code-server's and Chromium's folders) and the temp folder.
#
# What it cannot make cold: Debian packages already installed (chromium, docker.io, compilers)
# and the Docker engine with its busybox images, which other checkouts share; the setup scripts
# use them as they find them, as they would on a prepared CI machine.
#
# Usage: bash scripts/cold-check.sh [--keep]
#   --keep   leave the clone and its caches (in $COLD_CHECK_ROOT, default /tmp) for a look after.
# Prints how long each step took; exits with npm test's status.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=forget-outer-npm.sh
source "$repo/scripts/forget-outer-npm.sh"
# Run from `npm run`, the cold run must not see the warm npm that started it.
forget_outer_npm

keep=''
case "${1:-}" in
  --keep) keep=1 ;;
  '') ;;
  *) printf 'usage: bash scripts/cold-check.sh [--keep]\n' >&2; exit 2 ;;
esac

say() { printf 'cold-check: %s\n' "$*" >&2; }
[[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ]] || say "uncommitted changes in $repo are not part of the check: it clones HEAD ($(git -C "$repo" rev-parse --short HEAD))"

# A short root: unix sockets made under TMPDIR must stay under the 108-byte path limit.
root="$(mktemp -d "${COLD_CHECK_ROOT:-/tmp}/kjcold.XXXXXX")"
# At the end the cold cluster stops (it holds the ports a warm one needs, and its kubelet's
# mounts would keep the folder from being removed), whatever npm test did; then the folder goes.
finish() {
  local status=$?
  KUBE_JOBS_CLUSTER_CACHE="$root/cluster" bash "$repo/scripts/cluster-down.sh" >&2 || say "cluster-down.sh failed: the cold cluster may still run"
  if [[ -z "$keep" ]]; then rm -rf "$root" || say "could not remove $root"; fi
  exit "$status"
}
trap finish EXIT
mkdir -p "$root"/{npm-cache,e2e,engine,cluster,xdg/cache,xdg/config,xdg/data,xdg/state,tmp}
export npm_config_cache="$root/npm-cache" \
  KUBE_JOBS_E2E_CACHE="$root/e2e" \
  KUBE_JOBS_ENGINE_DIR="$root/engine" \
  KUBE_JOBS_CLUSTER_CACHE="$root/cluster" \
  XDG_CACHE_HOME="$root/xdg/cache" \
  XDG_CONFIG_HOME="$root/xdg/config" \
  XDG_DATA_HOME="$root/xdg/data" \
  XDG_STATE_HOME="$root/xdg/state" \
  TMPDIR="$root/tmp"
unset KUBE_JOBS_STATE_DIR

# The cold cluster listens on the same loopback ports as a warm one: stop that one first.
say "stopping the local cluster of the default cache, if it runs"
KUBE_JOBS_CLUSTER_CACHE= bash "$repo/scripts/cluster-down.sh" >&2 || say "cluster-down.sh failed: a running cluster may hold the ports"

git clone --quiet "$repo" "$root/clone"
cd "$root/clone"
say "clone of $(git rev-parse --short HEAD) in $root/clone, caches empty under $root"

started=$SECONDS
npm ci --no-audit --no-fund
ci_seconds=$((SECONDS - started))

status=0
npm test || status=$?
test_seconds=$((SECONDS - started - ci_seconds))

say "npm ci: ${ci_seconds} s; npm test: ${test_seconds} s (exit ${status}); cold total: $((SECONDS - started)) s"
[[ -n "$keep" ]] && say "kept $root"
exit "$status"
