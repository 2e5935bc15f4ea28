// A new Job or CronJob manifest from one of the bundled templates; an argument names the template.
import { newJobFromTemplate as openTemplate } from '../editor/templates';
import type { CommandFactory } from './command-context';

export const newJobFromTemplate: CommandFactory = (ctx) => (pick?: unknown) => openTemplate(ctx.extensionUri, typeof pick === 'string' ? pick : undefined);
