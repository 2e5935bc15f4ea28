// `$(VAR)` expansion exactly as Kubernetes does it for command, args and env values
// (k8s.io/kubernetes third_party/forked/golang/expansion): `$$` is a literal `$`, a reference
// to an undefined variable stays as written, and any other `$` is kept.

export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const char = input[i];
    if (char !== '$' || i + 1 >= input.length) {
      out += char;
      i += 1;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close === -1) {
        // Unterminated: Kubernetes keeps "$(" and carries on expanding after it.
        out += '$(';
        i += 2;
        continue;
      }
      const name = input.slice(i + 2, close);
      const value = name.length > 0 ? lookup(name) : undefined;
      out += value ?? input.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    out += char;
    i += 1;
  }
  return out;
}
