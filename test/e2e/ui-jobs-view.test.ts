// The Jobs view as a user reads and tidies it, in the browser with the packaged .vsix: runs of
// the same Job told apart (number, start time), times that are durations and tick while a run
// goes on, several runs deleted at once, and Delete All Finished.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { uiSuite } from '../support/e2e/ui-suite';
import type { Workbench } from '../support/e2e/workbench';

const RUN_TIMEOUT_MS = 90_000;

function runRows(workbench: Workbench): Locator {
  return workbench.page.locator('.part.sidebar .monaco-list .monaco-list-row');
}

/** Shows the Jobs view (a click on its icon while it shows would hide the side bar). */
async function showJobsView(workbench: Workbench): Promise<void> {
  const title = workbench.page.locator('.part.sidebar .composite.title', { hasText: 'Kube Jobs' });
  if (!(await title.isVisible())) await workbench.activityBarItem('Kube Jobs').click();
  await title.waitFor();
}

/** Runs `file` locally from the palette and waits for its row `#number`, finished ("took") or still running. */
async function runLocally(workbench: Workbench, file: string, job: string, number: number, until: RegExp): Promise<Locator> {
  // A file already open is brought back by its tab: Quick Open may still list the last file picked.
  const tab = workbench.page.locator('.tabs-container .tab', { hasText: file });
  if (await tab.count()) {
    await tab.first().click();
    await workbench.editor(file).waitFor();
  } else {
    await workbench.openFile(file);
  }
  await workbench.runCommand('Kube Jobs: Run Job Locally');
  await showJobsView(workbench);
  const row = runRows(workbench).filter({ hasText: `${job} #${number}` }).filter({ hasText: until });
  await row.waitFor({ timeout: RUN_TIMEOUT_MS });
  return row;
}

/** Answers the modal confirmation that says `text` with its Delete button. */
async function confirmDelete(workbench: Workbench, text: string): Promise<void> {
  const dialog = workbench.page.locator('.monaco-dialog-box', { hasText: text });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

uiSuite('jobs-view', { docker: true }, (test) => {
  test('Runs of one Job are numbered and say when they started and how long they took', async (workbench) => {
    const first = await runLocally(workbench, 'quick-job.yaml', 'quick-job', 1, /took \d+s/);
    const second = await runLocally(workbench, 'quick-job.yaml', 'quick-job', 2, /took \d+s/);
    for (const row of [first, second]) {
      const text = await row.innerText();
      assert.match(text, /1\/1 · took \d+s · started \d\d:\d\d:\d\d/, text);
    }
    // A run that took a moment says so, and keeps saying so: its time is a duration, not an age.
    const took = /took (\d+)s/.exec(await first.innerText())?.[1];
    assert.ok(Number(took) < 20, `quick-job took ${took}s`);
    // The tooltip says what Re-run will run.
    assert.match((await first.getAttribute('aria-label')) ?? '', /Re-run runs quick-job\.yaml as it is in the editor now, unsaved edits included/);
    await workbench.screenshot('numbered-runs');
  }, { timeout: 2 * RUN_TIMEOUT_MS });

  test('A running run\'s time ticks by itself: "running for" goes up while nothing else changes', async (workbench) => {
    const row = await runLocally(workbench, 'long-job.yaml', 'long-job', 1, /running for \d+s/);
    const seconds = async (): Promise<number> => Number(/running for (\d+)s/.exec(await row.innerText())?.[1]);
    const before = await seconds();
    await row.filter({ hasText: new RegExp(`running for (?!${before}s)\\d+s`) }).waitFor({ timeout: 10_000 });
    assert.ok((await seconds()) > before);
  }, { timeout: RUN_TIMEOUT_MS + 20_000 });

  test('Delete on two selected runs deletes both after one confirmation; the running run stays', async (workbench) => {
    const rows = runRows(workbench);
    const first = rows.filter({ hasText: 'quick-job #1' });
    const second = rows.filter({ hasText: 'quick-job #2' });
    await first.click();
    await second.click({ modifiers: ['Control'] });
    await workbench.contextMenuAction(second, 'Delete');
    await confirmDelete(workbench, 'Delete 2 runs?');
    await first.waitFor({ state: 'detached', timeout: 30_000 });
    await second.waitFor({ state: 'detached', timeout: 30_000 });
    await rows.filter({ hasText: 'long-job #1' }).waitFor();
  });

  test('Delete All Finished removes every finished run after a confirmation and keeps the running one', async (workbench) => {
    const rows = runRows(workbench);
    await runLocally(workbench, 'quick-job.yaml', 'quick-job', 3, /took \d+s/);
    await rows.first().hover();
    // The view's title shows its actions (the view container's title repeats them).
    await workbench.page.locator('.part.sidebar .action-label[aria-label^="Delete All Finished Runs"]').first().click();
    await confirmDelete(workbench, 'Delete 1 finished run?');
    await rows.filter({ hasText: 'quick-job #3' }).waitFor({ state: 'detached', timeout: 30_000 });
    const longRow = rows.filter({ hasText: 'long-job #1' });
    await longRow.waitFor();

    // After the last run is deleted, the view says so truthfully.
    await workbench.contextMenuAction(longRow, 'Delete');
    await confirmDelete(workbench, 'Delete job/long-job on Local Docker?');
    await workbench.page.locator('.part.sidebar .welcome-view-content', { hasText: 'No runs to show' }).waitFor({ timeout: 60_000 });
  }, { timeout: RUN_TIMEOUT_MS + 60_000 });
});
