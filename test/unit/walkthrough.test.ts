// The Get Started walkthrough: every step's page is in the package, every button runs a command
// the extension has, every step is marked done by something the extension really does, and the
// example on its first page gets the diagnostic the page says it gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { service, yamlDocument } from './service/support';

const root = new URL('../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { id: string; title: string; steps: { id: string; title: string; description: string; media: { markdown?: string }; completionEvents: string[] }[] }[];
  };
};
const { contributes } = manifest;
const commands = new Set(contributes.commands.map((c) => c.command));
const views = new Set(Object.values(contributes.views).flat().map((v) => v.id));
const steps = contributes.walkthroughs.flatMap((w) => w.steps);

test('the walkthrough has its steps, each with a page that the package holds', () => {
  assert.equal(contributes.walkthroughs.length, 1);
  assert.ok(steps.length >= 4, `${steps.length} steps`);
  const packaged = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').filter((line) => line.startsWith('!')).map((line) => line.slice(1));
  for (const step of steps) {
    const page = step.media.markdown;
    assert.ok(page && existsSync(join(root, page)), `${step.id}: no page ${page}`);
    assert.ok(packaged.some((glob) => glob === page || (glob.endsWith('/**') && page.startsWith(glob.slice(0, -2)))), `${step.id}: ${page} is left out of the package by .vscodeignore`);
  }
});

test('every button of the walkthrough runs a command of the extension, or opens its view', () => {
  const links = steps.flatMap((step) => [...step.description.matchAll(/\(command:([^)?]+)/g)].map((m) => [step.id, m[1]] as const));
  assert.ok(links.length >= 4, `${links.length} buttons`);
  for (const [step, command] of links) {
    const view = command.endsWith('.focus') ? command.slice(0, -'.focus'.length) : undefined;
    assert.ok(commands.has(command) || (view !== undefined && views.has(view)), `${step}: ${command} is neither a contributed command nor a view's focus`);
  }
});

test('a step is marked done by a command or view of the extension', () => {
  for (const step of steps) {
    assert.ok(step.completionEvents.length > 0, `${step.id} is never marked done`);
    for (const event of step.completionEvents) {
      const [kind, id] = event.split(':');
      if (kind === 'onCommand') assert.ok(commands.has(id), `${step.id}: ${event}`);
      else if (kind === 'onView') assert.ok(views.has(id), `${step.id}: ${event}`);
      else assert.equal(event, 'onStepSelected', `${step.id}: ${event}`);
    }
  }
});

test('the example of the first page gets the one error its comment names, on that line', () => {
  const page = readFileSync(join(root, 'media/walkthrough/write.md'), 'utf8');
  const example = /```yaml\n([\s\S]*?)```/.exec(page)?.[1];
  assert.ok(example, 'no YAML example on the page');
  const errors = service().validate(yamlDocument(example)).filter((d) => d.severity === 1);
  const commented = example.split('\n').findIndex((line) => line.includes('# error'));
  assert.deepEqual(errors.map((d) => [d.code, d.range.start.line]), [['restart-policy', commented]]);
});
