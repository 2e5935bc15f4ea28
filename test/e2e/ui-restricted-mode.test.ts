// Restricted Mode as a user meets it, in the browser: the workspace is not trusted, so the
// palette offers authoring commands but none that runs a Job, and nothing reaches the engine.
// (The CodeLens and the commands' own refusal are checked in the restricted-mode extension-host suite.)
import assert from 'node:assert/strict';
import Docker from 'dockerode';
import { uiSuite } from '../support/e2e/ui-suite';

const RUN_COMMANDS = ['Kube Jobs: Run Job', 'Kube Jobs: Run Job Locally', 'Kube Jobs: Run Job on Cluster', 'Kube Jobs: Run CronJob Now', 'Kube Jobs: Re-run'];

uiSuite('restricted-mode-ui', { restricted: true, docker: true }, (test) => {
  test('an untrusted workspace offers authoring commands but none that runs a Job', async (workbench) => {
    const { page } = workbench;
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Restricted Mode' }).waitFor();
    const editor = await workbench.openFile('long-job.yaml');
    await editor.locator('.view-line', { hasText: 'name: long-job' }).waitFor();

    const labels = await workbench.paletteLabels('Kube Jobs:');
    await page.keyboard.press('Escape');
    assert.ok(labels.includes('Kube Jobs: New Job from Template'), `palette: ${labels.join(' | ')}`);
    for (const command of RUN_COMMANDS) assert.ok(!labels.includes(command), `${command} is offered in Restricted Mode`);
    await workbench.screenshot('restricted-mode');

    const created = await new Docker().listContainers({ all: true, filters: { label: ['dev.kube-jobs/job=long-job'] } });
    assert.deepEqual(created.map((c) => c.Names), [], 'nothing was created on the engine');
  });
});
