import type { BatchService } from '../jobs/batch/batch-service.js';
import type { Handlers } from '../router/types.js';

/**
 * The batch channels. Files the job reads and writes are checked against what the caller may touch before anything
 * runs; progress, finished files and status changes go out as `batch.*` events through the calling context.
 */
export function batchHandlers(batch: BatchService): Handlers {
  return {
    'batch.create': (req, ctx) => {
      if (req.input.type === 'folder') ctx.files.assertReadable(req.input.folder);
      if (req.operation.kind === 'inpaint') ctx.files.assertReadable(req.operation.masksFolder);
      else req.operation.referencePaths.forEach((p) => ctx.files.assertReadable(p));
      ctx.files.assertWritable(req.output.folder);
      return batch.create(req, ctx.emit);
    },
    'batch.list': () => batch.list(),
    'batch.get': (req) => batch.get(req.jobId),
    'batch.items': (req) => batch.items(req),
    'batch.pause': (req) => batch.pause(req.jobId),
    'batch.resume': (req, ctx) => batch.resume(req.jobId, ctx.emit),
    'batch.cancel': (req) => batch.cancel(req.jobId),
    'batch.retryFailed': (req, ctx) => batch.retryFailed(req.jobId, ctx.emit),
    'batch.remove': (req) => ({ removed: batch.remove(req.jobId) }),
    'batch.exportLog': (req, ctx) => {
      ctx.files.assertWritable(req.path);
      return batch.exportLog(req);
    },
  };
}
