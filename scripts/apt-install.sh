# Sourced by the setup scripts: installs Debian packages as root without starting their services.
# apt_install_services_off PACKAGE...: returns apt-get's exit status; the caller says what failed.
apt_install_services_off() {
  # policy-rc.d keeps the packages' maintainer scripts from starting services (no systemd here).
  local policy=/usr/sbin/policy-rc.d created_policy='' status=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
  fi
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } || status=$?
  if [[ -n "$created_policy" ]]; then rm -f "$policy"; fi
  return "$status"
}
