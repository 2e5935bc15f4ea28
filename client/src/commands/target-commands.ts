// Where runs go: the target (Local Docker or a kube context) and the namespace. An argument
// names the item to pick (for keybindings and tests); none shows the picker.
import type { CommandFactory } from './command-context';

export const selectTarget: CommandFactory = (ctx) => (pick?: unknown) => ctx.targets.pickTarget(typeof pick === 'string' ? pick : undefined);

export const selectNamespace: CommandFactory = (ctx) => (pick?: unknown) => ctx.targets.pickNamespace(ctx.listNamespaces, typeof pick === 'string' ? pick : undefined);
