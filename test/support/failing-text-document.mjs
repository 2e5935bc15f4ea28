// Preloaded (--import) into a kube-jobs process by the CLI tests: every text document fails to
// be made, standing for a bug anywhere inside the language service.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
load('vscode-languageserver-textdocument').TextDocument.create = () => {
  throw new Error('simulated bug');
};
