// The sections of a Describe document, for folding: a line that ends with ":" and nothing after
// it (Conditions:, Pods:, a container's name) opens a section that runs over the lines indented
// deeper than it; a pod's name line opens one over its fields.
export interface Section {
  /** 0-based line numbers, inclusive. */
  start: number;
  end: number;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function describeSections(text: string): Section[] {
  const lines = text.split('\n');
  const sections: Section[] = [];
  for (let start = 0; start < lines.length; start++) {
    const line = lines[start];
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    let end = start;
    for (let next = start + 1; next < lines.length; next++) {
      if (lines[next].trim() === '') continue;
      if (indentOf(lines[next]) <= indent) break;
      end = next;
    }
    // Only headings fold: a value continued on the next lines (a map of labels) stays open.
    const heading = /:$/.test(line) || (indent > 0 && !line.includes(':'));
    if (end > start && heading) sections.push({ start, end });
  }
  return sections;
}
