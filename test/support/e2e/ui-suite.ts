// A describe() block around one code-server with the packaged extension installed and one
// workbench in Chromium, shared by its tests. A failing test leaves a screenshot named after it.
import { after, before, describe, it } from 'node:test';
import { CodeServer, type CodeServerOptions } from './code-server';
import { packageVsix } from './vsix';
import { Workbench } from './workbench';

export type UiTest = (title: string, body: (workbench: Workbench) => Promise<void>, options?: { timeout?: number }) => void;

const DEFAULT_TEST_TIMEOUT_MS = 60_000;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/**
 * Declares a suite of UI tests: `name` names the suite, its logs (.test-output/e2e/<name>.*) and
 * screenshots (.test-output/screenshots/<name>--*.png).
 */
export function uiSuite(name: string, options: Omit<CodeServerOptions, 'name' | 'vsix'>, body: (test: UiTest) => void): void {
  void describe(name, () => {
    let server: CodeServer | undefined;
    let workbench: Workbench | undefined;

    before(async () => {
      server = await CodeServer.start({ ...options, name, vsix: await packageVsix() });
      workbench = await Workbench.open(server, name);
    }, { timeout: 120_000 });

    after(async () => {
      await workbench?.close();
      await server?.stop();
    });

    body((title, run, testOptions) => {
      void it(title, { timeout: testOptions?.timeout ?? DEFAULT_TEST_TIMEOUT_MS }, async () => {
        if (!workbench) throw new Error(`the workbench of ${name} did not open`);
        try {
          await run(workbench);
        } catch (error) {
          await workbench.screenshot(`${name}--${slug(title)}--failure`).catch(() => undefined);
          throw error;
        }
      });
    });
  });
}
