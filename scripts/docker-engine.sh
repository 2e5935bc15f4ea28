#!/usr/bin/env bash
# Makes sure a Docker engine answers for the docker-tier tests, and that it holds busybox images.
#
# - An engine that already answers (DOCKER_HOST, or the default socket) is used as it is.
# - Otherwise, on Debian as root: installs docker.io and busybox-static with apt, starts dockerd
#   in the background without networking (no bridge, no iptables), and waits for it.
# - busybox:latest is made locally with `docker import` from the static busybox binary and its
#   applet links, then tagged with every busybox tag the seeds, examples and tests use. Nothing is
#   ever pulled: no registry is reachable, and images of other names stay missing on purpose so
#   that those scenarios show ErrImagePull as a cluster without a registry would.
#
# Idempotent; when everything is already in place it returns in well under two seconds.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The engine it starts (and docker, apt) must not carry what a calling `npm test` exported.
# shellcheck source=forget-outer-npm.sh
source "$repo/scripts/forget-outer-npm.sh"
# shellcheck source=apt-install.sh
source "$repo/scripts/apt-install.sh"
forget_outer_npm
state_dir="${KUBE_JOBS_ENGINE_DIR:-/var/cache/kube-jobs}"
dockerd_log="${KUBE_JOBS_DOCKERD_LOG:-/var/log/kube-jobs-dockerd.log}"
ping_deadline_seconds="${KUBE_JOBS_DOCKERD_DEADLINE:-60}"
default_socket=/var/run/docker.sock
# Port 9 (discard) on loopback: nothing answers there.
loopback_proxy=http://127.0.0.1:9
# Tags always present, whatever the scanned files say (the issue names them).
base_tags=(latest 1 1.36 1.28)

say() { printf 'docker-engine: %s\n' "$*" >&2; }
fail() {
  say "ERROR: $*"
  exit 1
}

socket_path() {
  case "${DOCKER_HOST:-}" in
    '') echo "$default_socket" ;;
    unix://*) echo "${DOCKER_HOST#unix://}" ;;
    *) echo '' ;;
  esac
}

# True when the engine answers /_ping. Uses curl on a unix socket (no docker client needed),
# and the docker client for anything else (tcp://, ssh://).
engine_answers() {
  local socket
  socket="$(socket_path)"
  if [[ -n "$socket" ]]; then
    [[ -S "$socket" ]] || return 1
    [[ "$(curl -s --max-time 2 --unix-socket "$socket" http://localhost/_ping 2>/dev/null || true)" == OK ]]
  else
    command -v docker >/dev/null || return 1
    timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
  fi
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  static_busybox >/dev/null || missing+=(busybox-static)
  command -v curl >/dev/null || missing+=(curl)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  [[ "$(id -u)" == 0 ]] || fail "no Docker engine answers and installing one (${missing[*]}) needs root. Start an engine yourself (dockerd, Docker Desktop) or set DOCKER_HOST, then run this again."
  command -v apt-get >/dev/null || fail "no Docker engine answers and this is not a Debian-like system (no apt-get). Start an engine yourself or set DOCKER_HOST, then run this again."
  say "installing ${missing[*]} with apt"
  apt_install_services_off "${missing[@]}" || fail "apt-get could not install ${missing[*]} (exit $?)"
}

# The path of a statically linked busybox: a dynamic one would not run inside an empty image.
static_busybox() {
  local candidate
  for candidate in /bin/busybox /usr/bin/busybox; do
    if [[ -x "$candidate" ]] && ! ldd "$candidate" >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

start_dockerd() {
  local socket
  socket="$(socket_path)"
  [[ -n "$socket" ]] || fail "DOCKER_HOST=$DOCKER_HOST does not answer; only a local unix socket engine can be started here."
  [[ "$(id -u)" == 0 ]] || fail "no Docker engine answers at $socket and starting dockerd needs root."
  mkdir -p "$(dirname "$dockerd_log")" "$state_dir"
  say "starting dockerd on $socket (log: $dockerd_log)"
  # setsid + nohup: the engine outlives this script and the shell that ran it.
  # 9>&-: the engine must not inherit the setup lock, or it would hold it for as long as it runs.
  # A pull of an image that is not here goes to a proxy on loopback where nothing listens, so it fails
  # at once and no registry lookup ever leaves the machine.
  HTTP_PROXY="$loopback_proxy" HTTPS_PROXY="$loopback_proxy" NO_PROXY='' \
    setsid nohup dockerd --bridge=none --iptables=false --ip-forward=false --host "unix://$socket" \
    --pidfile "$state_dir/dockerd.pid" >>"$dockerd_log" 2>&1 </dev/null 9>&- &
  local pid=$! deadline=$((SECONDS + ping_deadline_seconds))
  until engine_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$dockerd_log" >&2 || true
      fail "dockerd exited before answering; its log is $dockerd_log"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$dockerd_log" >&2 || true
      fail "dockerd did not answer /_ping within ${ping_deadline_seconds}s; its log is $dockerd_log"
    fi
    sleep 0.2
  done
  say "dockerd answers (pid $pid)"
}

# Every busybox tag the seeds, examples, tests and benchmarks name, plus the base ones.
wanted_tags() {
  local dirs=()
  for dir in "$repo/examples" "$repo/test" "$repo/bench" "$repo/snippets"; do
    [[ -d "$dir" ]] && dirs+=("$dir")
  done
  {
    printf '%s\n' "${base_tags[@]}"
    if [[ ${#dirs[@]} -gt 0 ]]; then
      grep -rhoE '\bbusybox:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}' "${dirs[@]}" 2>/dev/null | sed 's/^busybox://; s/[.-]*$//' || true
    fi
  } | sort -u
}

build_busybox_image() {
  local busybox root
  busybox="$(static_busybox)" || fail "no statically linked busybox found (install busybox-static)"
  root="$(mktemp -d "${TMPDIR:-/tmp}/kube-jobs-busybox.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: root is local
  trap "rm -rf '$root'" EXIT
  mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/etc" "$root/root" "$root/var" "$root/home"
  mkdir -m 1777 "$root/tmp"
  cp "$busybox" "$root/bin/busybox"
  local applet
  while read -r applet; do
    [[ -z "$applet" || "$applet" == bin/busybox || -e "$root/$applet" ]] && continue
    ln -s /bin/busybox "$root/$applet"
  done < <("$busybox" --list-full)
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar -C "$root" -c . | docker import --change 'CMD ["sh"]' --message "busybox-static $("$busybox" | head -n 1 | awk '{print $2}')" - busybox:latest >/dev/null
  rm -rf "$root"
  trap - EXIT
}

ensure_images() {
  command -v docker >/dev/null || fail "the docker client is missing (install docker.io)"
  local tags=() missing=()
  mapfile -t tags < <(wanted_tags)
  local tag
  for tag in "${tags[@]}"; do missing+=("busybox:$tag"); done
  # One inspect for all tags: the quick path when everything is there.
  if docker image inspect "${missing[@]}" >/dev/null 2>&1; then return 0; fi
  if ! docker image inspect busybox:latest >/dev/null 2>&1; then
    install_packages
    say "creating busybox:latest from $(static_busybox) with docker import"
    build_busybox_image
  fi
  for tag in "${tags[@]}"; do
    [[ "$tag" == latest ]] && continue
    docker image inspect "busybox:$tag" >/dev/null 2>&1 || docker tag busybox:latest "busybox:$tag"
  done
  say "busybox tags: ${tags[*]}"
}

# The quick path, without the lock: the engine answers and every wanted tag is there.
ready() {
  engine_answers || return 1
  command -v docker >/dev/null || return 1
  local tags=() refs=() tag
  mapfile -t tags < <(wanted_tags)
  for tag in "${tags[@]}"; do refs+=("busybox:$tag"); done
  docker image inspect "${refs[@]}" >/dev/null 2>&1
}

main() {
  ready && return 0
  # Two callers at once (several test runs) must not start two engines or import twice.
  # (A new lock name: engines started by earlier versions of this script kept the old one.)
  mkdir -p "$state_dir" 2>/dev/null || state_dir="${TMPDIR:-/tmp}"
  exec 9>"$state_dir/engine-setup.lock"
  flock -w 120 9 || fail "another docker-engine.sh holds $state_dir/engine-setup.lock"
  if ! engine_answers; then
    install_packages
    start_dockerd
  fi
  ensure_images
}

main "$@"
