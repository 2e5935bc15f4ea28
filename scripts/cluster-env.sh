# Shared settings of the local one-node cluster (sourced by scripts/cluster-*.sh).
# KUBE_JOBS_CLUSTER_CACHE holds one folder per release: Go caches, binaries and the running state.
cluster_release=v1.34.4
cluster_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cluster_home="${KUBE_JOBS_CLUSTER_CACHE:-/var/cache/kube-jobs-cluster}/$cluster_release"
cluster_bin="$cluster_home/bin"
cluster_state="$cluster_home/state"
cluster_logs="$cluster_state/logs"
cluster_run="$cluster_state/run"
cluster_pki="$cluster_state/pki"
cluster_kubeconfigs="$cluster_state/kubeconfig"
cluster_binaries=(kube-apiserver kube-controller-manager kube-scheduler kubelet etcd pause kubectl)

cluster_say() { printf 'cluster: %s\n' "$*" >&2; }
cluster_fail() {
  cluster_say "ERROR: $*"
  exit 1
}

# The Go environment of every build: caches keyed by release, the local toolchain only.
cluster_go() {
  GOMODCACHE="$cluster_home/gomod" GOCACHE="$cluster_home/gocache" GOTOOLCHAIN=local \
    GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 go "$@"
}

# Where the daemons listen: loopback only.
# The node is named localhost: the API server reaches the kubelet by that name, at 127.0.0.1 (a
# kubelet refuses a loopback address as its node IP, and listens on loopback only here).
cluster_node=localhost
cluster_apiserver_port="${KUBE_JOBS_CLUSTER_PORT:-6443}"
cluster_server="https://127.0.0.1:$cluster_apiserver_port"
# Sockets and network namespaces live in a short path (unix socket paths are limited to 108 bytes).
cluster_sockets=/run/kube-jobs-cluster
cluster_containerd_socket="$cluster_sockets/containerd.sock"
cluster_daemons=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet)

cluster_pid() {
  local file="$cluster_run/$1.pid" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
  # A pid file left by an earlier boot may name another program now.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$cluster_bin/$1 \|/usr/bin/$1 " || return 1
  echo "$pid"
}

cluster_kubectl() {
  "$cluster_bin/kubectl" --kubeconfig "$cluster_kubeconfigs/admin.kubeconfig" "$@"
}
