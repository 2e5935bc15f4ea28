#!/usr/bin/env bash
# Stops the local cluster started by scripts/cluster-up.sh and leaves no process behind: pods are
# stopped through the kubelet where it still answers, then every container of the cluster's
# containerd, its shims and the daemons. The cluster's data (etcd, pods, images) goes with it;
# certificates and kubeconfigs stay, so the next cluster-up.sh gives the same KUBECONFIG.
set -euo pipefail
# shellcheck source=cluster-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"

stop_deadline_seconds=20
ctr=(ctr --address "$cluster_containerd_socket" -n k8s.io)

# Ends one process by its pid: TERM, then KILL after the deadline.
end_process() {
  local pid="$1" deadline=$((SECONDS + stop_deadline_seconds))
  kill -TERM "$pid" 2>/dev/null || return 0
  while [[ -d "/proc/$pid" ]]; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
}

stop_daemon() {
  local pid
  pid="$(cluster_pid "$1")" && end_process "$pid"
  rm -f "$cluster_run/$1.pid"
}

containerd_answers() { cluster_pid containerd >/dev/null && "${ctr[@]}" version >/dev/null 2>&1; }

# Deleting every pod lets the kubelet stop containers and tear down pod networks the normal way.
stop_pods_through_kubelet() {
  cluster_pid kubelet >/dev/null && cluster_pid kube-apiserver >/dev/null && containerd_answers || return 0
  cluster_kubectl delete pods --all --all-namespaces --grace-period=0 --force --wait=false >/dev/null 2>&1 || return 0
  local deadline=$((SECONDS + stop_deadline_seconds))
  while [[ -n "$("${ctr[@]}" tasks ls -q 2>/dev/null)" ]] && ((SECONDS < deadline)); do sleep 0.5; done
}

# What the kubelet did not stop: kill and delete through containerd itself.
remove_containers() {
  containerd_answers || return 0
  local id
  for id in $("${ctr[@]}" tasks ls -q 2>/dev/null); do
    "${ctr[@]}" tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
    "${ctr[@]}" tasks delete -f "$id" >/dev/null 2>&1 || true
  done
  for id in $("${ctr[@]}" containers ls -q 2>/dev/null); do
    "${ctr[@]}" containers rm "$id" >/dev/null 2>&1 || true
  done
}

# Shims of this cluster's containerd (they outlive it on purpose) and any process left in a pod's
# cgroup: found by this cluster's socket address and cgroup, ended by pid.
end_leftovers() {
  local pid
  for pid in $(pgrep -f -- "containerd-shim-runc-v2 .*-address $cluster_containerd_socket" || true); do
    end_process "$pid"
  done
  for pid in $(cat /sys/fs/cgroup/*/kubepods/cgroup.procs /sys/fs/cgroup/*/kubepods/*/cgroup.procs \
    /sys/fs/cgroup/*/kubepods/*/*/cgroup.procs /sys/fs/cgroup/*/kubepods/*/*/*/cgroup.procs 2>/dev/null | sort -u); do
    kill -KILL "$pid" 2>/dev/null || true
  done
  # Empty pod cgroups, deepest first, so the next kubelet starts from a clean hierarchy.
  find /sys/fs/cgroup/*/kubepods -depth -type d -exec rmdir {} + 2>/dev/null || true
}

unmount_state() {
  local target
  for target in $(findmnt -rn -o TARGET | grep -E "^($cluster_state|$cluster_sockets)(/|$)" | sort -r); do
    umount -l "$target" 2>/dev/null || true
  done
}

[[ "$(id -u)" == 0 ]] || cluster_fail "stopping the cluster needs root, as starting it did"
mkdir -p "$cluster_run"
# cluster-up.sh holds the lock already when it clears what an ended cluster left.
if [[ -z "${KUBE_JOBS_CLUSTER_LOCKED:-}" ]]; then
  exec 9>"$cluster_home/cluster.lock"
  flock 9
fi

stop_pods_through_kubelet
stop_daemon kubelet
remove_containers
stop_daemon containerd
end_leftovers
stop_daemon kube-scheduler
stop_daemon kube-controller-manager
stop_daemon kube-apiserver
stop_daemon etcd
unmount_state
ip link delete kube-jobs0 2>/dev/null || true
rm -rf "$cluster_state/etcd" "$cluster_state/kubelet" "$cluster_state/containerd" "$cluster_state/cni" \
  "$cluster_state/pod-logs" "$cluster_sockets"
cluster_say "stopped"
