// Local run ids name files in the state folder (journals, owner files): only the shape of id the
// run engine makes is accepted, so that no id, typed or read from a container label, can point
// outside that folder.
export class InvalidRunId extends Error {}

// `<job name>-<8 hex>` in practice: letters, digits, ".", "-" and "_", starting with a letter or digit.
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

export function isRunId(runId: string): boolean {
  return RUN_ID.test(runId);
}

/** The id itself when it is a valid local run id; otherwise an InvalidRunId saying why. */
export function checkRunId(runId: string): string {
  if (isRunId(runId)) return runId;
  throw new InvalidRunId(`${JSON.stringify(runId)} is not a run id: run ids are letters, digits, ".", "-" and "_" (as "kube-jobs runs list" shows them)`);
}
