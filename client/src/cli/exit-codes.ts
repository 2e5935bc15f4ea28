// The CLI's documented exit codes.
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_TIMEOUT = 3;
/** A bug in kube-jobs itself (sysexits' EX_SOFTWARE): never mistaken for errors found or a failed Job. */
export const EXIT_INTERNAL = 70;
/** The run went away before it finished (deleted elsewhere, its engine gone): there is no verdict to give. */
export const EXIT_NO_VERDICT = 4;

/** A user mistake (bad flag, unreadable file): printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Bad input that no usage text would help with (a run id, a Docker host): that one line only. */
export class InputError extends UsageError {}
