# Sourced by the setup scripts. `npm test` and `npm run …` export to their scripts what that npm
# knows: its config as npm_config_* (npm_config_user_agent names the outer Node, npm_config_prefix,
# npm_config_node_gyp, …), the package's fields, npm_execpath, NODE, INIT_CWD, COLOR, and
# node_modules/.bin folders in front of PATH. A nested npm reads all of that as its own settings
# (code-server's postinstall took the outer Node's version from the user agent and refused to
# install), so a setup would work from a shell and fail from `npm test`, or the other way round.
# forget_outer_npm removes it from the calling shell: every command run after it sees what it
# would see from a plain shell, and npm's settings come from the npmrc files alone.
forget_outer_npm() {
  local name dir dirs=() kept=()
  while IFS= read -r name; do
    # npm reads NPM_CONFIG_* as well as npm_config_*.
    case "${name,,}" in npm_*) unset "$name" ;; esac
  done < <(compgen -e)
  unset INIT_CWD NODE COLOR
  IFS=: read -ra dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    case "$dir" in */node_modules/.bin | */node-gyp-bin) ;; *) kept+=("$dir") ;; esac
  done
  PATH="$(IFS=:; echo "${kept[*]}")"
}
