// securityContext.runAsNonRoot, checked as the kubelet checks it: against runAsUser, else the
// image's user. A violation is a CreateContainerConfigError with the kubelet's wording.
import type Docker from 'dockerode';
import type { SecurityContext } from './pod-spec';

export async function nonRootViolation(docker: Docker, image: string, security: SecurityContext): Promise<string | undefined> {
  if (!security.runAsNonRoot) return undefined;
  if (security.runAsUser !== undefined) return security.runAsUser === 0 ? 'container\'s runAsUser breaks non-root policy' : undefined;
  const info = (await docker.getImage(image).inspect()) as { Config?: { User?: string } };
  const user = (info.Config?.User ?? '').split(':')[0];
  if (user === '' || user === '0' || user === 'root') return 'container has runAsNonRoot and image will run as root';
  if (!/^\d+$/.test(user)) return `container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root`;
  return undefined;
}
