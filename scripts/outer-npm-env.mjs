// The Node side of forget-outer-npm.sh: `npm test` and `npm run …` export to their scripts what
// that npm knows (npm_config_*, the package's fields, npm_execpath, NODE, INIT_CWD, COLOR, and
// node_modules/.bin folders in front of PATH). What a script starts (the test run, vsce and the
// npm it runs) must see what it would see from a plain shell, whichever way the script was called.

/** A copy of `env` without what an outer npm exported. */
export function withoutOuterNpm(env) {
  const kept = Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^npm_/i.test(name) && !['INIT_CWD', 'NODE', 'COLOR'].includes(name)),
  );
  if (kept.PATH !== undefined) {
    kept.PATH = kept.PATH.split(':')
      .filter((dir) => !dir.endsWith('/node_modules/.bin') && !dir.endsWith('/node-gyp-bin'))
      .join(':');
  }
  return kept;
}
