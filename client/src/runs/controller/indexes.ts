// Completion indexes as Kubernetes writes them in status.completedIndexes / failedIndexes:
// ascending intervals, "a-b" for three or more, "a,b" for two, separated by commas ("0-3,5").

export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const first = sorted[i];
    const last = sorted[j];
    if (last === first) parts.push(`${first}`);
    else if (last === first + 1) parts.push(`${first},${last}`);
    else parts.push(`${first}-${last}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Parses "0-3,5" into indexes below `completions`; a malformed part makes the whole list empty, as the controller treats it. */
export function parseIndexes(text: string, completions: number): number[] {
  const result = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!match) return [];
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return [];
    for (let i = first; i <= Math.min(last, completions - 1); i++) result.add(i);
  }
  return [...result].sort((a, b) => a - b);
}
