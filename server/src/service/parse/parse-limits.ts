// What one YAML document may make a reader do, for the language service and for `kube-jobs run`
// alike: past these limits a document is an error at the place, never a crash or a hang.
import { CST, isAlias, isCollection, isPair, Lexer, Parser, visit, type Alias, type Document, type Node } from 'yaml';

/**
 * Levels of maps and lists. Real manifests stay under 30; yaml's composer exhausts the stack
 * near 800 levels, and every reader after it walks the tree again.
 */
export const MAX_NESTING_DEPTH = 256;

/** Alias uses, weighted as yaml's toJS weighs them (its `maxAliasCount`): a guard against alias bombs. */
export const MAX_ALIAS_COUNT = 100;

export const TOO_DEEP_MESSAGE = `Nested too deeply: more than ${MAX_NESTING_DEPTH} levels of maps and lists`;
export const TOO_MANY_ALIASES_MESSAGE = `Too many alias uses: expanding the aliases of this document would exceed ${MAX_ALIAS_COUNT} (a guard against alias bombs)`;

/**
 * The parser's tokens of a document, or the offset of its first collection nested too deeply.
 * The lexer's tokens are watched on the way: a run of `[`, `{`, `- ` or `? ` past the limit
 * stops reading at once, where the parser would otherwise go on through a huge line.
 */
export function readTokens(text: string): CST.Token[] | number {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  let atScalar = false;
  let watching = true;
  for (const lexeme of new Lexer().lex(text)) {
    const start = offset;
    if (atScalar) {
      atScalar = false;
      offset += lexeme.length;
    } else if (lexeme === CST.SCALAR) atScalar = true;
    else if (lexeme === CST.FLOW_END) flow = 0;
    else if (lexeme !== CST.DOCUMENT) {
      offset += lexeme.length;
      // Each flow bracket, and each block indicator on one line outside brackets, opens a level:
      // fewer than the parser will count, so never a false alarm.
      if (lexeme === '[' || lexeme === '{') flow++;
      else if (lexeme === ']' || lexeme === '}') flow = Math.max(0, flow - 1);
      else if ((lexeme === '-' || lexeme === '?') && flow === 0) onLine++;
      else if (lexeme === '\n' || lexeme === '\r\n' || lexeme === '---' || lexeme === '...') onLine = 0;
    }
    if (watching && flow + onLine > MAX_NESTING_DEPTH) {
      // The exact place, from the parser's tokens of the text so far.
      const exact = tooDeepAt(Array.from(new Parser().parse(text.slice(0, start + 1))));
      if (exact !== undefined) return exact;
      watching = false;
    }
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  return tooDeepAt(tokens) ?? tokens;
}

/** The offset of the first collection nested deeper than the limit, from the parser's tokens (no recursion). */
export function tooDeepAt(tokens: readonly CST.Token[]): number | undefined {
  const pending: { token: CST.Token; depth: number }[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) pending.push({ token: tokens[i], depth: 0 });
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { token, depth } = next;
    if (token.type === 'document') {
      if (token.value) pending.push({ token: token.value, depth });
    } else if (CST.isCollection(token)) {
      if (depth + 1 > MAX_NESTING_DEPTH) return token.offset;
      // Children in reverse, so that the first too deep in the text is found first.
      for (let i = token.items.length - 1; i >= 0; i--) {
        const { key, value } = token.items[i];
        if (value) pending.push({ token: value, depth: depth + 1 });
        if (key) pending.push({ token: key, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * The first alias that cannot be expanded: one without an anchor before it, one inside the node
 * it names (a loop), or the one at which yaml's toJS would refuse the document for too many
 * aliases — counted the way toJS counts: each anchored node starts at one use; each alias adds
 * a use, weighted by the aliases inside what it points at.
 */
export function aliasProblem(doc: Document): { alias: Alias; message: string } | undefined {
  const uses = new Map<Node, { count: number; weight: number }>();
  const anchored = new Map<string, Node>();
  const sources = new Map<Alias, Node>();
  let problem: { alias: Alias; message: string } | undefined;
  visit(doc, {
    Node(_key, node, path) {
      if (!isAlias(node)) {
        if (node.anchor) {
          anchored.set(node.anchor, node);
          uses.set(node, { count: 1, weight: 0 });
        }
        return undefined;
      }
      const source = anchored.get(node.source);
      const use = source && uses.get(source);
      if (!source || !use) problem = { alias: node, message: `Unknown alias *${node.source}: no anchor &${node.source} comes before it` };
      else if (path.includes(source)) problem = { alias: node, message: `The alias *${node.source} is inside the node it names: it would repeat forever` };
      else {
        sources.set(node, source);
        use.count += 1;
        if (use.weight === 0) use.weight = aliasWeight(source, uses, sources);
        if (use.count * use.weight > MAX_ALIAS_COUNT) problem = { alias: node, message: TOO_MANY_ALIASES_MESSAGE };
      }
      return problem ? visit.BREAK : undefined;
    },
  });
  return problem;
}

/** yaml's getAliasCount: 1 for a scalar, the heaviest alias inside a collection (depth is bounded already). */
function aliasWeight(node: unknown, uses: Map<Node, { count: number; weight: number }>, sources: Map<Alias, Node>): number {
  if (isAlias(node)) {
    const source = sources.get(node);
    const use = source && uses.get(source);
    return use ? use.count * use.weight : 0;
  }
  if (isPair(node)) return Math.max(aliasWeight(node.key, uses, sources), aliasWeight(node.value, uses, sources));
  if (!isCollection(node)) return 1;
  let weight = 0;
  for (const item of node.items) weight = Math.max(weight, aliasWeight(item, uses, sources));
  return weight;
}
