// Where a field the API server names is in a manifest's text: the lines of the field (its key to
// the end of its value), or of its nearest ancestor present when the field itself is missing.
// Paths without indexes (decoding errors say `containers.image`) match every item.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';

export interface LineSpan {
  /** 0-based, inclusive. */
  readonly first: number;
  readonly last: number;
}

/** `spec.containers[0].image`, `metadata.labels[app]` → ['spec', 'containers', 0, 'image'] … */
export function fieldSegments(field: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else segments.push(/^\d+$/.test(match[2]) ? Number(match[2]) : match[2].replace(/^["']|["']$/g, ''));
  }
  return segments;
}

export class ManifestLines {
  private readonly counter = new LineCounter();
  private readonly root: unknown;

  constructor(private readonly text: string) {
    this.root = parseDocument(text, { lineCounter: this.counter }).contents;
  }

  /** The spans of a field (several when an index is left out), or of its nearest ancestor. */
  spans(field: string): LineSpan[] {
    let frontier: { node: unknown; span: LineSpan | undefined }[] = [{ node: this.root, span: undefined }];
    for (const segment of fieldSegments(field)) {
      const next: { node: unknown; span: LineSpan | undefined }[] = [];
      for (const { node } of frontier) {
        if (typeof segment === 'number') {
          const item = isSeq(node) ? node.items[segment] : undefined;
          if (item) next.push({ node: item, span: this.spanOf(item as Node) });
        } else if (isSeq(node)) {
          for (const item of node.items) {
            const pair = pairOf(item, segment);
            if (pair) next.push({ node: pair.value, span: this.pairSpan(pair) });
          }
        } else {
          const pair = pairOf(node, segment);
          if (pair) next.push({ node: pair.value, span: this.pairSpan(pair) });
        }
      }
      if (next.length === 0) break;
      frontier = next;
    }
    return frontier.map((entry) => entry.span).filter((span): span is LineSpan => span !== undefined);
  }

  private pairSpan(pair: Pair): LineSpan | undefined {
    const key = pair.key as Node | undefined;
    const value = pair.value as Node | null | undefined;
    const start = key?.range?.[0] ?? value?.range?.[0];
    if (start === undefined) return undefined;
    const end = value?.range?.[1] ?? key?.range?.[1] ?? start;
    return this.span(start, end);
  }

  private spanOf(node: Node): LineSpan | undefined {
    return node.range ? this.span(node.range[0], node.range[1]) : undefined;
  }

  private span(start: number, end: number): LineSpan {
    let last = Math.max(start, end - 1);
    while (last > start && /\s/.test(this.text[last])) last--;
    return { first: this.counter.linePos(start).line - 1, last: this.counter.linePos(last).line - 1 };
  }
}

function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
}
