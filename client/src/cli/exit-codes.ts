// The CLI's documented exit codes.
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_TIMEOUT = 3;
/** A bug in kube-jobs itself (sysexits' EX_SOFTWARE): never mistaken for errors found or a failed Job. */
export const EXIT_INTERNAL = 70;

/** A user mistake (bad flag, unreadable file): printed as one line, exit code 2. */
export class UsageError extends Error {}

/** A mistake in the input file rather than on the command line: exit code 2, without the usage hint. */
export class InputError extends UsageError {}
