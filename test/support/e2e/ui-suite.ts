// A describe() block around one code-server with the packaged extension installed and one
// workbench in Chromium, shared by its tests. A failing test leaves a screenshot named after it.
import { after, before, describe, it } from 'node:test';
import { CodeServer, type CodeServerOptions } from './code-server';
import { assertDockerEngine } from './docker-engine';
import { packageVsix } from './vsix';
import { Workbench } from './workbench';

export interface UiSuiteOptions extends Omit<CodeServerOptions, 'name' | 'vsix'> {
  /** The suite runs Jobs: it fails at once, saying so, when no Docker engine answers. */
  docker?: boolean;
}

export type UiTest = (title: string, body: (workbench: Workbench) => Promise<void>, options?: { timeout?: number }) => void;

const DEFAULT_TEST_TIMEOUT_MS = 60_000;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/**
 * Declares a suite of UI tests: `name` names the suite, its logs (.test-output/e2e/<name>.*) and
 * screenshots (.test-output/screenshots/<name>--*.png).
 */
export function uiSuite(name: string, options: UiSuiteOptions, body: (test: UiTest) => void): void {
  void describe(name, () => {
    let server: CodeServer | undefined;
    let workbench: Workbench | undefined;

    const { docker, ...serverOptions } = options;

    before(async () => {
      if (docker) await assertDockerEngine();
      server = await CodeServer.start({ ...serverOptions, name, vsix: await packageVsix() });
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
          const seen = await workbench.visibleState().catch((cause: unknown) => `(the workbench could not be read: ${String(cause)})`);
          // The runner prints the stack, which holds the message as it was when thrown.
          if (error instanceof Error) error.stack = `${error.stack ?? error.message}\nWhat the workbench showed:\n${seen}`;
          throw error;
        }
      });
    });
  });
}
