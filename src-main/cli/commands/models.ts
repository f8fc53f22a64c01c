import { ModelKindSchema, type Model } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, stringOption } from '../common-options.js';
import type { CliIo, Command, ParsedArgs } from '../command.js';
import { call } from '../invoke.js';
import { openCliApp } from '../open-cli-app.js';

const ACTIONS = ['list', 'export', 'import', 'rm'] as const;
type Action = (typeof ACTIONS)[number];

/** One model per line, tab-separated: id, kind, name, created date (and `default` for its kind's default). */
export function formatModelLine(model: Model): string {
  return [model.id, model.kind, model.name, model.createdAt.slice(0, 10), ...(model.isDefault ? ['default'] : [])].join('\t');
}

function modelId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new KintsugiError('E_INVALID_ARGUMENT', `a model id is a whole number (see kintsugi models list), got "${raw ?? ''}"`);
  return id;
}

/** The positionals an action takes, checked before the library is opened. */
function positionals(args: ParsedArgs): { action: Action; rest: string[] } {
  const [action, ...rest] = args.positionals;
  const known = ACTIONS.find((a) => a === action);
  if (!known) throw new KintsugiError('E_INVALID_ARGUMENT', `give an action: ${ACTIONS.join(', ')}`);
  const wanted = { list: 0, export: 2, import: 1, rm: 1 }[known];
  if (rest.length !== wanted) throw new KintsugiError('E_INVALID_ARGUMENT', `"models ${known}" takes ${wanted} argument${wanted === 1 ? '' : 's'}`);
  return { action: known, rest };
}

async function runAction(args: ParsedArgs, io: CliIo): Promise<number> {
  const { action, rest } = positionals(args);
  const kindText = stringOption(args, 'kind');
  const kind = kindText === undefined ? undefined : ModelKindSchema.safeParse(kindText);
  if (kind && !kind.success) throw new KintsugiError('E_INVALID_ARGUMENT', `--kind must be one of ${ModelKindSchema.options.join(', ')}`);
  const app = await openCliApp(args, io);
  try {
    switch (action) {
      case 'list': {
        for (const model of await call(app, 'models.list', kind ? { kind: kind.data } : {})) io.out(formatModelLine(model));
        return 0;
      }
      case 'export': {
        const written = await call(app, 'models.export', { id: modelId(rest[0]), path: rest[1] as string, overwrite: args.values.overwrite === true });
        io.out(`Wrote ${written.path} (${written.bytes} bytes)`);
        return 0;
      }
      case 'import': {
        const model = await call(app, 'models.import', { path: rest[0] as string });
        io.out(`Imported model ${formatModelLine(model)}`);
        return 0;
      }
      case 'rm': {
        const id = modelId(rest[0]);
        const { removed } = await call(app, 'models.remove', { id });
        if (!removed) throw new KintsugiError('E_NOT_FOUND', `No model with id ${id}`);
        io.out(`Deleted model ${id}`);
        return 0;
      }
    }
  } finally {
    await app.close();
  }
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List, export, import and delete models (`.kintsugi-model` files).',
  usage:
    'kintsugi models list [--kind KIND]\n' +
    '       kintsugi models export ID FILE [--overwrite]\n' +
    '       kintsugi models import FILE\n' +
    '       kintsugi models rm ID',
  optionHelp: [
    'list               one model per line: id, kind, name, created date (tab-separated; "default" marks a default)',
    'export ID FILE     write the model as one .kintsugi-model file',
    'import FILE        add a .kintsugi-model file (an incompatible one is refused)',
    'rm ID              delete the model and its files',
    '--kind KIND        list only colorize, inpaint or gan models',
    '--overwrite        export over an existing file',
    DATA_DIR_HELP,
  ],
  options: { ...DATA_DIR_OPTION, kind: { type: 'string' }, overwrite: { type: 'boolean' } },
  allowPositionals: true,
  run: runAction,
};
