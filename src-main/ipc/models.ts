import type { Model } from '../../src-shared/contract/index.js';
import type { ModelsService } from '../models/models-service.js';
import type { CallContext, Handlers } from '../router/types.js';

function announce<T>(ctx: CallContext, value: T): T {
  ctx.emit('models.changed', {});
  return value;
}

export interface ModelsHooks {
  /** What other services hold of a deleted model (a loaded generator). */
  afterRemove?: (id: number) => Promise<unknown>;
}

/** The model library's channels; every change is announced as `models.changed`. Files go through the caller's access. */
export function modelsHandlers(models: ModelsService, hooks: ModelsHooks = {}): Handlers {
  return {
    'models.list': (req) => models.list(req.kind),
    'models.rename': (req, ctx) => announce(ctx, models.rename(req.id, req.name)),
    'models.setDefault': (req, ctx) => announce(ctx, models.setDefault(req.id)),
    'models.remove': async (req, ctx) => {
      const removed = await models.remove(req.id);
      if (!removed) return { removed };
      await hooks.afterRemove?.(req.id);
      return announce(ctx, { removed });
    },
    'models.export': (req, ctx) => {
      ctx.files.assertWritable(req.path);
      return models.export(req.id, req.path, req.overwrite);
    },
    'models.import': async (req, ctx) => {
      ctx.files.assertReadable(req.path);
      return announce<Model>(ctx, await models.import(req.path));
    },
  };
}
