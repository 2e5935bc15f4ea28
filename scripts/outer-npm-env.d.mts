/** A copy of `env` without what an outer npm exported (see outer-npm-env.mjs). */
export function withoutOuterNpm(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
