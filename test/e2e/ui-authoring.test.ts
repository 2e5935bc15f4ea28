// Authoring in the browser with the packaged .vsix installed: what a user sees of the extension
// before running anything — its view, its commands, its diagnostics and its snippets.
import assert from 'node:assert/strict';
import { uiSuite } from '../support/e2e/ui-suite';
import { manifest } from '../support/e2e/paths';

uiSuite('authoring', {}, (test) => {
  test('the installed extension adds the Kube Jobs view with its welcome buttons', async (workbench) => {
    await workbench.activityBarItem('Kube Jobs').click();
    const welcome = workbench.page.locator('.part.sidebar .welcome-view-content');
    await welcome.getByText('No runs to show: a Job you run appears here').waitFor();
    for (const button of ['New Job from Template', 'Run Job']) await welcome.getByRole('button', { name: button }).waitFor();
    await workbench.screenshot('jobs-view-welcome');
  });

  test('the Problems panel shows the YAML syntax error of a broken Job manifest where it is', async (workbench) => {
    await workbench.openFile('broken-job.yaml');
    const problems = await workbench.showProblems();
    const row = problems.locator('.monaco-list-row', { hasText: 'Nested mappings are not allowed in compact mappings' });
    await row.waitFor();
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /kube-jobs\W+yaml-syntax/);
    assert.match(text, /Ln 13, Col 17/);
    await workbench.screenshot('problems-panel');
  });

  test('the command palette lists every Kube Jobs command', async (workbench) => {
    // Run commands are offered while a YAML editor is active: open one first.
    await workbench.openFile('examples/normal-job.yaml');
    // Commands the manifest hides from the palette (`when: false`: tree menus only) are not expected there.
    const { contributes } = manifest();
    const hidden = new Set((contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    const commands = contributes.commands.filter((c) => c.category === 'Kube Jobs' && !hidden.has(c.command));
    assert.ok(commands.length > 0, 'package.json contributes no Kube Jobs command');
    // The first palette of a cold workbench may not know the extension's commands yet: wait for one.
    await workbench.paletteRow('Kube Jobs: Show Logs', 'Kube Jobs: Show Logs');
    await workbench.closeQuickInput();
    const labels = await workbench.paletteLabels('Kube Jobs: ');
    const missing = commands.map((c) => `Kube Jobs: ${c.title}`).filter((label) => !labels.some((l) => l === label || l.startsWith(`${label}, `)));
    assert.deepEqual(missing, [], `palette rows: ${labels.join(' | ')}`);
    await workbench.screenshot('command-palette');
    await workbench.closeQuickInput();
  });

  test('inside spec: of a Job, the suggestion widget offers the JobSpec fields', async (workbench) => {
    const { page } = workbench;
    const editor = await workbench.openFile('examples/normal-job.yaml');
    await editor.locator('.view-line', { hasText: 'parallelism: 2' }).click();
    await page.keyboard.press('End');
    // Enter keeps the indentation of spec's fields.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.editor-widget.suggest-widget.visible');
    await suggestions.locator('.monaco-list-row .label-name', { hasText: /^backoffLimit$/ }).waitFor();
    await workbench.screenshot('spec-completion');
    const offered = await suggestions.locator('.monaco-list-row .label-name').allInnerTexts();
    assert.ok(!offered.includes('parallelism'), `offers parallelism, which the spec already has: ${offered.join(', ')}`);
    await page.keyboard.press('Escape');
    await suggestions.waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+Z');
  });

  test('typing "job" offers the Job snippet, and accepting it writes a Job', async (workbench) => {
    const editor = await workbench.openFile('scratch.yaml');
    await editor.locator('.view-lines').click();
    await workbench.page.keyboard.type('job');
    await workbench.page.keyboard.press('Control+Space');
    const suggestions = workbench.page.locator('.editor-widget.suggest-widget.visible');
    const jobSnippet = suggestions.locator('.monaco-list-row', { has: workbench.page.locator('.label-name', { hasText: /^job$/ }) });
    await jobSnippet.waitFor();
    // The exact prefix comes first, so Enter takes it.
    assert.equal(await suggestions.locator('.monaco-list-row.focused .label-name').innerText(), 'job');
    await workbench.screenshot('snippet-suggestions');
    await workbench.page.keyboard.press('Enter');
    await suggestions.waitFor({ state: 'hidden' });
    await editor.locator('.view-line', { hasText: 'kind: Job' }).waitFor();
    const lines = await workbench.editorLines(editor);
    assert.ok(lines.includes('apiVersion: batch/v1'), `editor shows: ${lines.join(' / ')}`);
    assert.ok(lines.some((line) => /^\s+restartPolicy: (Never|OnFailure)$/.test(line)), `editor shows: ${lines.join(' / ')}`);
    await workbench.screenshot('snippet-inserted');
    // Leave the snippet's tab stops and put the file back as it is on disk.
    await workbench.page.keyboard.press('Escape');
    await workbench.runCommand('File: Revert File');
  });

  test('Get Started with Kube Jobs lists its steps; its first button offers the templates and marks the step done', async (workbench) => {
    const { page } = workbench;
    await workbench.paletteRow('Welcome: Open Walkthrough', 'Welcome: Open Walkthrough...');
    await page.keyboard.press('Enter');
    await workbench.quickInput.locator('.monaco-list-row', { hasText: 'Get Started with Kube Jobs' }).click();
    const [walkthrough] = manifest().contributes.walkthroughs ?? [];
    assert.ok(walkthrough, 'package.json contributes no walkthrough');
    const steps = page.locator('.getting-started-step');
    for (const step of walkthrough.steps) await steps.filter({ hasText: step.title }).waitFor();
    const write = steps.filter({ hasText: walkthrough.steps[0].title });
    assert.equal(await write.getAttribute('aria-checked'), 'false');
    await workbench.screenshot('walkthrough');
    await write.getByRole('button', { name: 'New Job from Template' }).click();
    await workbench.quickInput.locator('.monaco-list-row', { hasText: 'Job (indexed)' }).waitFor();
    await workbench.closeQuickInput();
    await page.locator('.getting-started-step[aria-checked="true"]', { hasText: walkthrough.steps[0].title }).waitFor();
  });
});
