// The cluster target's public surface.
export { connectCluster, ClusterConnection, type ClusterOptions } from './cluster-connection';
export { loadKubeConfig, readKubeConfig, kubeconfigFiles, type KubeConfigOptions, type ResolvedKubeConfig } from './kube-config';
export { ClusterError, explainClusterError, type ClusterErrorKind, type StatusCause } from './cluster-errors';
export { startClusterRun, runWorkload, followClusterJob, type ClusterRunOptions } from './start-cluster-run';
export { ClusterRun, clusterRunId } from './cluster-run';
export { submitJob, updateJob, JobConflictError, CONFLICT_CHOICES, type ConflictChoice, type ConflictStrategy, type JobConflict } from './job-submission';
export { deleteJob, waitUntilGone, type Propagation, type DeleteJobOptions } from './job-deletion';
export { jobForRunNow, setCronJobSuspended, listCronJobJobs } from './cronjob-actions';
export { listJobs, listCronJobs, listNamespaces, type ClusterJobSummary, type ClusterCronJobSummary, type JobState } from './workload-listing';
export { ClusterTarget, createClusterTarget } from './cluster-target';
export { checkOnServer, type ServerProblem, type ServerVerdict } from './server-check';
