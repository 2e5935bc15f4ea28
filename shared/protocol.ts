// What the extension and its language server agree on over the wire. They speak plain LSP; the
// one thing of their own is the settings section the client synchronizes and the server reads.

/** The configuration section of every Kube Jobs setting (`kubeJobs.*`). */
export const SETTINGS_SECTION = 'kubeJobs';
