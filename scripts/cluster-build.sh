#!/usr/bin/env bash
# Builds the cluster's binaries from Go modules (cluster/go.mod pins k8s.io/kubernetes and its
# staging modules): kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, etcd, the
# pod sandbox's pause program and kubectl, into "$cluster_bin". Binaries already built are kept; a cold build
# takes long on a small machine, so it uses `go build -p 2` and says when it starts.
set -euo pipefail
# shellcheck source=cluster-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"

missing=()
for name in "${cluster_binaries[@]}"; do
  [[ -x "$cluster_bin/$name" ]] || missing+=("$name")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
command -v go >/dev/null || cluster_fail "building the cluster needs Go (apt-get install golang-go, or a Go from go.dev)"

declare -A package_of=(
  [kube-apiserver]=k8s.io/kubernetes/cmd/kube-apiserver
  [kube-controller-manager]=k8s.io/kubernetes/cmd/kube-controller-manager
  [kube-scheduler]=k8s.io/kubernetes/cmd/kube-scheduler
  [kubelet]=k8s.io/kubernetes/cmd/kubelet
  [kubectl]=k8s.io/kubernetes/cmd/kubectl
  [etcd]=./etcd
  [pause]=./pause
)
# The same version stamp as a release build, so /version and the node report v1.34.4.
version_pkg=k8s.io/component-base/version
minor="${cluster_release#v1.}"
minor="${minor%%.*}"
ldflags="-s -w -X $version_pkg.gitVersion=$cluster_release -X $version_pkg.gitMajor=1 -X $version_pkg.gitMinor=$minor -X $version_pkg.gitTreeState=clean"
ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$cluster_release"

mkdir -p "$cluster_bin"
cd "$cluster_repo/cluster"
for name in "${missing[@]}"; do
  cluster_say "building $name ($cluster_release) with go build -p 2 (a cold build takes long)"
  started=$SECONDS
  cluster_go build -p 2 -ldflags "$ldflags" -o "$cluster_bin/$name.partial" "${package_of[$name]}"
  mv "$cluster_bin/$name.partial" "$cluster_bin/$name"
  cluster_say "built $name in $((SECONDS - started))s"
done
