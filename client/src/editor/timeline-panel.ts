// The Run Timeline webview: one bar per pod over time, live while the run goes on. The picture
// is drawn by a small script from data posted to it, so updates never reload the page.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { RunRegistry } from './run-registry';
import { isFinished } from '../runs/model';
import { buildTimeline } from '../timeline/timeline-model';
import { runViewColumn, TIMELINE_VIEW_TYPE } from '../describe/side-group';

const UPDATE_DELAY_MS = 200;
/** While pods run, bars grow with the clock. */
const TICK_MS = 1000;

export class TimelinePanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly registry: RunRegistry) {}

  show(runId: string): void {
    const known = this.panels.get(runId);
    if (known) {
      known.reveal();
      return;
    }
    const entry = this.registry.get(runId);
    if (!entry) return;
    const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, `Timeline: job/${entry.handle.snapshot().jobName}`, runViewColumn(), {
      enableScripts: true,
      retainContextWhenHidden: false,
    });
    this.panels.set(runId, panel);
    panel.webview.html = timelineHtml(panel.webview, randomBytes(16).toString('base64'));
    let timer: NodeJS.Timeout | undefined;
    const post = (): void => {
      timer = undefined;
      const current = this.registry.get(runId);
      if (!current) {
        void panel.webview.postMessage({ gone: true });
        return;
      }
      const run = current.handle.snapshot();
      void panel.webview.postMessage({ timeline: buildTimeline(run, Date.now()) });
    };
    const schedule = (): void => {
      timer ??= setTimeout(post, UPDATE_DELAY_MS);
    };
    const ticker = setInterval(() => {
      const current = this.registry.get(runId);
      if (current && !isFinished(current.handle.snapshot().status)) schedule();
    }, TICK_MS);
    const subscription = this.registry.onDidChange(({ entry: changed }) => {
      if (changed.handle.id === runId) schedule();
    });
    panel.webview.onDidReceiveMessage((message: { ready?: boolean }) => {
      if (message.ready) post();
    });
    panel.onDidDispose(() => {
      clearTimeout(timer);
      clearInterval(ticker);
      subscription.dispose();
      this.panels.delete(runId);
    });
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
  }
}

function timelineHtml(webview: vscode.Webview, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 12px; }
  h1 { font-size: 1.2em; margin: 0 0 4px; }
  #status { color: var(--vscode-descriptionForeground); margin-bottom: 12px; }
  svg { width: 100%; overflow: visible; }
  .lane-label, .tick { fill: var(--vscode-descriptionForeground); font-size: 11px; }
  .axis { stroke: var(--vscode-editorWidget-border, #888); }
  .bar { rx: 3; }
  .succeeded { fill: var(--vscode-testing-iconPassed, #3fb950); }
  .failed { fill: var(--vscode-testing-iconFailed, #f85149); }
  .running { fill: var(--vscode-charts-blue, #3794ff); }
  .pending { fill: var(--vscode-charts-yellow, #cca700); opacity: 0.6; }
  .restart { stroke: var(--vscode-editor-background); stroke-width: 2; }
  .legend span { margin-right: 14px; }
  /* Inline style attributes are blocked by the page's policy: colours come from classes. */
  .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
  .swatch.succeeded { background: var(--vscode-testing-iconPassed, #3fb950); }
  .swatch.failed { background: var(--vscode-testing-iconFailed, #f85149); }
  .swatch.running { background: var(--vscode-charts-blue, #3794ff); }
  .swatch.pending { background: var(--vscode-charts-yellow, #cca700); opacity: 0.6; }
</style>
</head>
<body>
<h1 id="title">Run Timeline</h1>
<div id="status">waiting for the run…</div>
<div class="legend">
  <span><i class="swatch succeeded"></i>succeeded</span>
  <span><i class="swatch failed"></i>failed</span>
  <span><i class="swatch running"></i>running</span>
  <span><i class="swatch pending"></i>pending</span>
</div>
<svg id="chart" role="img" aria-label="pods over time"></svg>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const NS = 'http://www.w3.org/2000/svg';
  const LANE = 26, LEFT = 64, TOP = 24;
  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function seconds(ms) { return ms >= 60000 ? (ms / 60000).toFixed(1) + 'm' : (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + 's'; }
  function draw(t) {
    document.getElementById('title').textContent = 'Run Timeline — ' + t.title;
    document.getElementById('status').textContent = t.status;
    const svg = document.getElementById('chart');
    const width = Math.max(svg.clientWidth || 600, 200) - LEFT - 16;
    const x = (ms) => LEFT + (ms / t.span) * width;
    svg.replaceChildren();
    svg.setAttribute('height', String(TOP + Math.max(t.lanes, 1) * LANE + 8));
    for (let i = 0; i <= 4; i++) {
      const ms = (t.span * i) / 4;
      svg.append(el('line', { class: 'axis', x1: x(ms), x2: x(ms), y1: TOP - 6, y2: TOP + t.lanes * LANE }));
      svg.append(el('text', { class: 'tick', x: x(ms), y: TOP - 10, 'text-anchor': 'middle' }, seconds(ms)));
    }
    for (let lane = 0; lane < t.lanes; lane++) svg.append(el('text', { class: 'lane-label', x: 0, y: TOP + lane * LANE + 16 }, 'slot ' + (lane + 1)));
    for (const b of t.bars) {
      const y = TOP + b.lane * LANE + 3;
      const rect = el('rect', { class: 'bar ' + b.outcome, x: x(b.start), y, width: Math.max(x(b.end) - x(b.start), 2), height: LANE - 6 });
      rect.append(el('title', {}, b.label + ' · ' + seconds(b.end - b.start)));
      svg.append(rect);
      for (const r of b.restarts) svg.append(el('line', { class: 'restart', x1: x(r), x2: x(r), y1: y, y2: y + LANE - 6 }));
    }
  }
  window.addEventListener('message', (event) => {
    if (event.data.gone) document.getElementById('status').textContent = 'This run no longer exists.';
    else if (event.data.timeline) draw(event.data.timeline);
  });
  vscode.postMessage({ ready: true });
</script>
</body>
</html>`;
}
