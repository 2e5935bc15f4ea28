#!/usr/bin/env bash
# A kubectl exec credential plugin (client.authentication.k8s.io/v1) for the local cluster's
# exec.kubeconfig: prints an ExecCredential with the client certificate and key given as arguments.
set -euo pipefail
[[ $# == 2 && -r "$1" && -r "$2" ]] || {
  echo "usage: cluster-exec-credential.sh <client certificate> <client key> (readable PEM files)" >&2
  exit 1
}
# PEM as one JSON string: newlines become \n (PEM has no quotes or backslashes).
pem_json() { awk '{ printf "%s\\n", $0 }' "$1"; }
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"%s","clientKeyData":"%s"}}\n' \
  "$(pem_json "$1")" "$(pem_json "$2")"
