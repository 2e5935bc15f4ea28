#!/usr/bin/env bash
# Starts a one-node Kubernetes on 127.0.0.1 for the live tests and for trying runs by hand:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler (built from Go modules by
# scripts/cluster-build.sh) and a kubelet on Debian's containerd, runc and CNI plugins, with the
# local busybox images and a pause image made here. Nothing is pulled from a registry.
#
#   scripts/cluster-up.sh                      start (idempotent; returns fast when already up)
#   scripts/cluster-up.sh --restart-apiserver  stop and start only the kube-apiserver
#
# The last line printed is KUBECONFIG=<admin kubeconfig>. Beside it are user.kubeconfig (may do
# everything in namespace kube-jobs-user, nothing elsewhere) and exec.kubeconfig (authenticates
# through scripts/cluster-exec-credential.sh). Stop with scripts/cluster-down.sh.
set -euo pipefail
# shellcheck source=cluster-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"
# shellcheck source=apt-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

ready_deadline_seconds="${KUBE_JOBS_CLUSTER_DEADLINE:-180}"
user_namespace=kube-jobs-user
pause_image=kube-jobs.local/pause:1
pod_subnet=10.217.0.0/24

[[ "$(id -u)" == 0 ]] || cluster_fail "the cluster runs a kubelet and containerd, which need root"

# ---- helpers ----------------------------------------------------------------------------------

# Prints the last lines of a daemon's log and fails.
fail_with_log() {
  local daemon="$1"
  shift
  cluster_say "ERROR: $*"
  if [[ -f "$cluster_logs/$daemon.log" ]]; then
    cluster_say "last lines of $cluster_logs/$daemon.log:"
    tail -n 30 "$cluster_logs/$daemon.log" >&2
  fi
  exit 1
}

# Starts a daemon in the background in a session of its own, with its log and pid file.
start_daemon() {
  local name="$1"
  shift
  cluster_pid "$name" >/dev/null && return 0
  # fd 9 (the lock) stays with this script: a daemon holding it would block cluster-down.sh.
  setsid "$@" >>"$cluster_logs/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$cluster_run/$name.pid"
}

# Polls a check until it passes; fails with the daemon's log once the deadline is past.
wait_for() {
  local daemon="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + ready_deadline_seconds))
  until "$@" >/dev/null 2>&1; do
    cluster_pid "$daemon" >/dev/null || fail_with_log "$daemon" "$daemon exited while waiting for $what"
    ((SECONDS < deadline)) || fail_with_log "$daemon" "$what: not after ${ready_deadline_seconds}s"
    sleep 0.5
  done
}

apiserver_ready() {
  curl -sf --max-time 2 --cacert "$cluster_pki/ca.crt" --cert "$cluster_pki/admin.crt" --key "$cluster_pki/admin.key" \
    "$cluster_server/readyz" | grep -qx ok
}

node_ready() {
  [[ "$(cluster_kubectl get node "$cluster_node" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

# ---- packages ----------------------------------------------------------------------------------

install_packages() {
  local missing=()
  command -v containerd >/dev/null || missing+=(containerd)
  command -v runc >/dev/null || missing+=(runc)
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v pgrep >/dev/null || missing+=(procps) # cluster-down.sh finds the shims with it
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null || cluster_fail "missing ${missing[*]} and this is not a Debian-like system (no apt-get)"
  cluster_say "installing ${missing[*]} with apt"
  apt_install_services_off "${missing[@]}" || cluster_fail "apt-get could not install ${missing[*]} (exit $?)"
}

# ---- certificates and kubeconfigs ----------------------------------------------------------------

# A self-signed CA: name, common name.
make_ca() {
  [[ -f "$cluster_pki/$1.crt" ]] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$2" \
    -keyout "$cluster_pki/$1.key" -out "$cluster_pki/$1.crt" 2>/dev/null
}

# Signs a certificate: name, subject, subjectAltName (empty for a client certificate), CA.
sign() {
  local name="$1" subject="$2" san="${3:-}" ca="${4:-ca}" ext
  [[ -f "$cluster_pki/$name.crt" ]] && return 0
  ext="$(mktemp)"
  if [[ -n "$san" ]]; then
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" >"$ext"
  else
    printf 'extendedKeyUsage=clientAuth\n' >"$ext"
  fi
  openssl req -new -newkey rsa:2048 -nodes -keyout "$cluster_pki/$name.key" -subj "$subject" \
    -out "$cluster_pki/$name.csr" 2>/dev/null
  openssl x509 -req -in "$cluster_pki/$name.csr" -CA "$cluster_pki/$ca.crt" -CAkey "$cluster_pki/$ca.key" \
    -CAcreateserial -days 3650 -extfile "$ext" -out "$cluster_pki/$name.crt" 2>/dev/null
  rm -f "$ext" "$cluster_pki/$name.csr"
}

make_certificates() {
  mkdir -p "$cluster_pki"
  chmod 700 "$cluster_pki"
  make_ca ca kube-jobs-cluster-ca
  # The aggregation layer's own CA, as kubeadm makes it: without it every component's
  # authentication keeps reporting a missing request-header CA bundle.
  make_ca front-proxy-ca kube-jobs-front-proxy-ca
  sign front-proxy-client /CN=front-proxy-client '' front-proxy-ca
  local api_san='IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc'
  sign apiserver /CN=kube-apiserver "$api_san"
  sign apiserver-kubelet-client '/O=system:masters/CN=kube-apiserver-kubelet-client'
  sign kubelet "/CN=$cluster_node" "IP:127.0.0.1,DNS:$cluster_node"
  sign kubelet-client "/O=system:nodes/CN=system:node:$cluster_node"
  sign controller-manager /CN=system:kube-controller-manager
  sign scheduler /CN=system:kube-scheduler
  sign admin '/O=system:masters/CN=kube-jobs-admin'
  sign user /CN=kube-jobs-user
  sign exec /CN=kube-jobs-exec
  if [[ ! -f "$cluster_pki/sa.key" ]]; then
    openssl genrsa -out "$cluster_pki/sa.key" 2048 2>/dev/null
    openssl rsa -in "$cluster_pki/sa.key" -pubout -out "$cluster_pki/sa.pub" 2>/dev/null
  fi
}

# A kubeconfig with the client certificate embedded (or, with an exec command, without).
write_kubeconfig() {
  local name="$1" user="$2" namespace="$3" auth
  if [[ "$name" == exec ]]; then
    auth="    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: $cluster_repo/scripts/cluster-exec-credential.sh
      args: [\"$cluster_pki/exec.crt\", \"$cluster_pki/exec.key\"]
      interactiveMode: Never
      provideClusterInfo: false"
  else
    auth="    client-certificate-data: $(base64 -w0 "$cluster_pki/$name.crt")
    client-key-data: $(base64 -w0 "$cluster_pki/$name.key")"
  fi
  # Written aside and moved in: tests of another checkout may be reading it right now.
  local file="$cluster_kubeconfigs/$name.kubeconfig" partial="$cluster_kubeconfigs/.$name.kubeconfig.partial"
  install -m 600 /dev/null "$partial"
  cat >"$partial" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kube-jobs-local
  cluster:
    server: $cluster_server
    certificate-authority-data: $(base64 -w0 "$cluster_pki/ca.crt")
users:
- name: $user
  user:
$auth
contexts:
- name: $user@kube-jobs-local
  context:
    cluster: kube-jobs-local
    user: $user
    namespace: $namespace
current-context: $user@kube-jobs-local
EOF
  mv "$partial" "$file"
}

make_kubeconfigs() {
  mkdir -p "$cluster_kubeconfigs"
  write_kubeconfig admin kube-jobs-admin default
  write_kubeconfig controller-manager system:kube-controller-manager default
  write_kubeconfig scheduler system:kube-scheduler default
  write_kubeconfig kubelet-client "system:node:$cluster_node" default
  write_kubeconfig user kube-jobs-user "$user_namespace"
  write_kubeconfig exec kube-jobs-exec default
}

# ---- configuration files -----------------------------------------------------------------------

write_node_config() {
  mkdir -p "$cluster_state/cni" "$cluster_state/containerd" "$cluster_state/kubelet" "$cluster_state/pod-logs"
  # Pods get an address on a bridge of their own: no gateway, no masquerade, no route out.
  cat >"$cluster_state/cni/10-kube-jobs.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "kube-jobs",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "kube-jobs0",
      "isGateway": false,
      "ipMasq": false,
      "hairpinMode": false,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$pod_subnet" }]], "dataDir": "$cluster_state/cni/ipam" }
    },
    { "type": "loopback" }
  ]
}
EOF
  cat >"$cluster_state/containerd/config.toml" <<EOF
version = 2
root = "$cluster_state/containerd/root"
state = "$cluster_sockets/containerd-state"
[grpc]
  address = "$cluster_containerd_socket"
[ttrpc]
  address = "$cluster_sockets/containerd-ttrpc.sock"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause_image"
  disable_apparmor = true
  enable_selinux = false
  # Machines whose root lacks CAP_SYS_RESOURCE (containers, some VMs) cannot lower a process's OOM
  # score below their own: runc would fail every pod sandbox (-998) with "Permission denied".
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$cluster_state/cni"
    max_conf_num = 1
EOF
  cat >"$cluster_state/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $cluster_pki/ca.crt }
authorization:
  mode: Webhook
tlsCertFile: $cluster_pki/kubelet.crt
tlsPrivateKeyFile: $cluster_pki/kubelet.key
cgroupDriver: cgroupfs
failSwapOn: false
containerRuntimeEndpoint: unix://$cluster_containerd_socket
podLogsDir: $cluster_state/pod-logs
# Pods' resolv.conf names the usual cluster DNS address; no DNS server runs and pods have no route
# to it, so a lookup fails at once inside the machine (and the kubelet has no missing DNS to warn of).
clusterDNS: [10.96.0.10]
clusterDomain: cluster.local
# The images are made locally and can never be pulled again: never collect them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: { memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1% }
serializeImagePulls: false
syncFrequency: 10s
fileCheckFrequency: 10s
maxPods: 110
EOF
}

# ---- daemons -----------------------------------------------------------------------------------

start_etcd() {
  # No fsync: a test cluster trades crash durability for speed on a shared disk.
  start_daemon etcd "$cluster_bin/etcd" --name kube-jobs --data-dir "$cluster_state/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster kube-jobs=http://127.0.0.1:2380 --unsafe-no-fsync
  wait_for etcd 'etcd health' curl -sf --max-time 2 http://127.0.0.1:2379/health
}

start_apiserver() {
  # The endpoint reconciler is off: the "kubernetes" Service may not point at a loopback address.
  start_daemon kube-apiserver "$cluster_bin/kube-apiserver" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$cluster_apiserver_port" \
    --etcd-servers=http://127.0.0.1:2379 --endpoint-reconciler-type=none \
    --client-ca-file="$cluster_pki/ca.crt" \
    --tls-cert-file="$cluster_pki/apiserver.crt" --tls-private-key-file="$cluster_pki/apiserver.key" \
    --kubelet-client-certificate="$cluster_pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$cluster_pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$cluster_pki/ca.crt" --kubelet-preferred-address-types=Hostname \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$cluster_pki/sa.pub" --service-account-signing-key-file="$cluster_pki/sa.key" \
    --requestheader-client-ca-file="$cluster_pki/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$cluster_pki/front-proxy-client.crt" --proxy-client-key-file="$cluster_pki/front-proxy-client.key" \
    --service-cluster-ip-range=10.96.0.0/24 --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction --allow-privileged=true --profiling=false
  wait_for kube-apiserver 'kube-apiserver /readyz' apiserver_ready
}

start_control_plane() {
  start_daemon kube-controller-manager "$cluster_bin/kube-controller-manager" \
    --kubeconfig="$cluster_kubeconfigs/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$cluster_kubeconfigs/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$cluster_kubeconfigs/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=10257 --leader-elect=false \
    --service-account-private-key-file="$cluster_pki/sa.key" --root-ca-file="$cluster_pki/ca.crt" \
    --use-service-account-credentials=true --allocate-node-cidrs=false --profiling=false
  start_daemon kube-scheduler "$cluster_bin/kube-scheduler" \
    --kubeconfig="$cluster_kubeconfigs/scheduler.kubeconfig" \
    --authentication-kubeconfig="$cluster_kubeconfigs/scheduler.kubeconfig" \
    --authorization-kubeconfig="$cluster_kubeconfigs/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=10259 --leader-elect=false --profiling=false
}

start_containerd() {
  mkdir -p "$cluster_sockets"
  # Pulls of images that are not here go to a proxy on loopback where nothing listens: they fail at
  # once (ErrImagePull) and no registry lookup leaves the machine.
  start_daemon containerd env HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY= \
    /usr/bin/containerd --config "$cluster_state/containerd/config.toml"
  wait_for containerd 'containerd' ctr --address "$cluster_containerd_socket" version
}

# busybox images from the local Docker engine (all the tags it made) and the pause image.
load_images() {
  local ctr=(ctr --address "$cluster_containerd_socket" -n k8s.io)
  if ! "${ctr[@]}" images ls -q | grep -qx "$pause_image"; then
    local dir
    dir="$(mktemp -d)"
    cp "$cluster_bin/pause" "$dir/pause"
    tar -C "$dir" -c pause | docker import --change 'ENTRYPOINT ["/pause"]' - "$pause_image" >/dev/null
    docker save "$pause_image" | "${ctr[@]}" images import - >/dev/null
    rm -rf "$dir"
  fi
  local tags missing=()
  mapfile -t tags < <(docker images busybox --format '{{.Repository}}:{{.Tag}}' | grep -v '<none>')
  [[ ${#tags[@]} -gt 0 ]] || cluster_fail "the Docker engine has no busybox image (scripts/docker-engine.sh makes them)"
  local have
  have="$("${ctr[@]}" images ls -q)"
  for tag in "${tags[@]}"; do
    grep -qx "docker.io/library/$tag" <<<"$have" || missing+=("$tag")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    docker save "${missing[@]}" | "${ctr[@]}" images import - >/dev/null
  fi
}

start_kubelet() {
  start_daemon kubelet "$cluster_bin/kubelet" --config="$cluster_state/kubelet/config.yaml" \
    --kubeconfig="$cluster_kubeconfigs/kubelet-client.kubeconfig" \
    --root-dir="$cluster_state/kubelet" --cert-dir="$cluster_state/kubelet/pki" \
    --hostname-override="$cluster_node" --v=1
  wait_for kubelet "node $cluster_node Ready" node_ready
}

# The restricted user: everything in its namespace, nothing elsewhere. The exec user is an admin.
apply_access() {
  cluster_kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata: { name: $user_namespace }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: everything, namespace: $user_namespace }
rules:
- { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: kube-jobs-user, namespace: $user_namespace }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: everything }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: User, name: kube-jobs-user }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: kube-jobs-exec }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: User, name: kube-jobs-exec }
EOF
  wait_for kube-controller-manager 'the default service account' cluster_kubectl -n default get serviceaccount default
}

all_running() {
  local daemon
  for daemon in "${cluster_daemons[@]}"; do
    cluster_pid "$daemon" >/dev/null || return 1
  done
}

# ---- main --------------------------------------------------------------------------------------

mkdir -p "$cluster_logs" "$cluster_run"
exec 9>"$cluster_home/cluster.lock"
flock 9

if [[ "${1:-}" == --restart-apiserver ]]; then
  pid="$(cluster_pid kube-apiserver)" || cluster_fail "the kube-apiserver is not running (start the cluster with scripts/cluster-up.sh)"
  # A graceful stop waits up to a minute for open watches and log streams; past 15 s it is killed,
  # as a kubelet kills a static pod at the end of its grace period.
  kill -TERM "$pid"
  deadline=$((SECONDS + 15))
  while [[ -d "/proc/$pid" ]]; do
    ((SECONDS < deadline)) || kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  done
  start_apiserver
  cluster_say "kube-apiserver restarted"
  echo "KUBECONFIG=$cluster_kubeconfigs/admin.kubeconfig"
  exit 0
elif [[ -n "${1:-}" ]]; then
  cluster_fail "unknown argument $1 (usage: cluster-up.sh [--restart-apiserver])"
fi

# Already running: only wait until it is ready again (a node is briefly NotReady after the API
# server was away for a while), never start it anew under running tests.
if all_running; then
  wait_for kube-apiserver 'kube-apiserver /readyz' apiserver_ready
  wait_for kubelet "node $cluster_node Ready" node_ready
  make_kubeconfigs # the exec plugin's path is this checkout's
  echo "KUBECONFIG=$cluster_kubeconfigs/admin.kubeconfig"
  exit 0
fi

started=$SECONDS
# Whatever an earlier cluster left (ended without cluster-down.sh, or half up) goes first.
KUBE_JOBS_CLUSTER_LOCKED=1 bash "$cluster_repo/scripts/cluster-down.sh" 2>/dev/null
rm -f "$cluster_logs"/{etcd,kube-apiserver,kube-controller-manager,kube-scheduler,containerd,kubelet}.log
install_packages
bash "$cluster_repo/scripts/cluster-build.sh"
bash "$cluster_repo/scripts/docker-engine.sh" >&2
make_certificates
make_kubeconfigs
write_node_config
start_etcd
start_apiserver
start_control_plane
start_containerd
load_images
apply_access
start_kubelet
cluster_say "up in $((SECONDS - started))s (logs in $cluster_logs)"
echo "KUBECONFIG=$cluster_kubeconfigs/admin.kubeconfig"
