// `npm run test:vscode` starts here with plain node; the runner (test-electron.ts) shares the
// e2e harness written in TypeScript, so it runs under tsx.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('./test-electron.ts', import.meta.url));
const { status, error } = spawnSync(process.execPath, ['--import', 'tsx', runner], { stdio: 'inherit' });
if (error) console.error(`test:vscode could not start ${runner}: ${error.message}`);
process.exit(status ?? 1);
