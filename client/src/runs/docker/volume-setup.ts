// Creating a pod's Docker volumes and filling them through its sandbox: ConfigMap, Secret and
// downwardAPI files, subPath directories, and emptyDir permissions (world-writable, as the
// kubelet makes them, so that a container running as any user can write).
import { constants } from 'node:fs';
import { access, chmod, writeFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { Label, terminationVolumeName } from './labels';
import { SANDBOX_TERMINATION_DIR, SANDBOX_VOLUMES_DIR } from './container-config';
import { filesWithDirectories, type VolumePlan } from './pod-volumes';
import { packTar, type TarEntry } from './tar-archive';
import type { PodSpec } from './pod-spec';
import { allContainers } from './pod-spec';

export async function createPodVolumes(docker: Docker, podName: string, plans: readonly VolumePlan[], labels: Record<string, string>, created: string[]): Promise<void> {
  for (const plan of plans) {
    if (plan.kind === 'hostPath') continue;
    const tmpfs = plan.kind === 'emptyDir' && plan.memory;
    const sizeOption = plan.kind === 'emptyDir' && plan.sizeBytes !== undefined ? `,size=${plan.sizeBytes}` : '';
    await docker.createVolume({
      Name: plan.dockerName,
      Driver: 'local',
      // A tmpfs volume (not a per-container tmpfs mount) so that every container of the pod shares it.
      DriverOpts: tmpfs ? { type: 'tmpfs', device: 'tmpfs', o: `mode=1777${sizeOption}` } : {},
      Labels: { ...labels, [Label.volume]: plan.name },
    });
    created.push(plan.dockerName);
  }
  await docker.createVolume({ Name: terminationVolumeName(podName), Driver: 'local', Labels: { ...labels, [Label.volume]: 'TERMINATION' } });
  created.push(terminationVolumeName(podName));
}

/** Writes volume files into the (created, not yet started) sandbox's mounts. */
export async function writeVolumeFiles(docker: Docker, sandboxId: string, plans: readonly VolumePlan[], spec: PodSpec): Promise<void> {
  const entries: TarEntry[] = [];
  for (const plan of plans) {
    if (plan.kind === 'files') {
      for (const entry of filesWithDirectories(plan.files)) entries.push({ ...entry, path: `${plan.name}/${entry.path}` });
    }
  }
  for (const { plan, subPath } of subPathMounts(plans, spec)) {
    if (plan.kind === 'emptyDir') entries.push({ path: `${plan.name}/${subPath.replace(/\/?$/, '/')}`, mode: 0o777 });
  }
  if (entries.length === 0) return;
  await docker.getContainer(sandboxId).putArchive(packTar(entries), { path: SANDBOX_VOLUMES_DIR });
}

function subPathMounts(plans: readonly VolumePlan[], spec: PodSpec): { plan: VolumePlan; subPath: string }[] {
  return allContainers(spec).flatMap((container) =>
    (container.volumeMounts ?? []).flatMap((mount) => {
      const plan = plans.find((p) => p.name === mount.name);
      return plan && mount.subPath ? [{ plan, subPath: mount.subPath }] : [];
    }),
  );
}

/** Volumes whose engine-side path a bind mount needs (subPath mounts). */
export function volumesNeedingPaths(plans: readonly VolumePlan[], spec: PodSpec): VolumePlan[] {
  return [...new Set(subPathMounts(plans, spec).map((m) => m.plan))];
}

/** Disk-backed emptyDirs start root-owned 0755: open them up from inside the running sandbox. */
export async function openEmptyDirs(docker: Docker, sandboxId: string, plans: readonly VolumePlan[]): Promise<void> {
  const dirs = plans.filter((p) => p.kind === 'emptyDir' && !p.memory).map((p) => `${SANDBOX_VOLUMES_DIR}/${p.name}`);
  if (dirs.length === 0) return;
  const exec = await docker.getContainer(sandboxId).exec({ Cmd: ['chmod', '0777', ...dirs], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ Detach: false, Tty: false });
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
    stream.resume();
  });
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`could not prepare the emptyDir volumes of the pod (chmod exited ${String(ExitCode)})`);
}

export async function volumeMountpoint(docker: Docker, name: string): Promise<string> {
  const info = (await docker.getVolume(name).inspect()) as { Mountpoint?: string };
  if (!info.Mountpoint) throw new Error(`the Docker volume ${name} has no mount point on the engine`);
  return info.Mountpoint;
}

/**
 * Whether this process sees the engine's directory of a volume (an engine on this machine, run
 * as root or rootless, and a runner allowed in): its files can then be written and read there
 * directly instead of through an archive round trip to the engine, which costs a helper process
 * in the engine each time. The volume names are unique, so a match is the engine's own directory.
 */
export async function volumeDirReachable(mountpoint: string): Promise<boolean> {
  try {
    await access(mountpoint, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The empty termination-message file of one container run: it must exist before Docker can bind-mount it. */
export async function createTerminationFile(docker: Docker, sandboxId: string, terminationPath: string, name: string, direct: boolean): Promise<void> {
  if (direct && (await volumeDirReachable(terminationPath))) {
    const file = `${terminationPath}/${name}`;
    await writeFile(file, '');
    // Writable by whichever user the container runs as, whatever this process's umask.
    await chmod(file, 0o666);
    return;
  }
  await docker.getContainer(sandboxId).putArchive(packTar([{ path: name, mode: 0o666, content: Buffer.alloc(0) }]), { path: SANDBOX_TERMINATION_DIR });
}
