import type { ImportSummary } from '../../src-shared/contract/index.js';
import type { LibraryService } from '../library/library-service.js';
import type { CallContext, Handlers } from '../router/types.js';

/** Progress goes out as events; the renderer shows it while the call is pending. */
function progressTo(ctx: CallContext) {
  return (done: number, total: number, current: string) => ctx.emit('library.importProgress', { done, total, current });
}

/** Tells the renderer that images arrived (an import, saved generated images). */
export function announceImport(ctx: CallContext, summary: ImportSummary): ImportSummary {
  const first = summary.imported[0];
  if (first) ctx.emit('library.changed', { projectId: first.projectId });
  return summary;
}

/** The library channels bound to one LibraryService. Requests arrive validated by the router. */
export interface LibraryHooks {
  /** Derived files of other services (versions) whose rows went with the image. */
  afterRemove?: () => Promise<unknown>;
}

export function libraryHandlers(service: LibraryService, hooks: LibraryHooks = {}): Handlers {
  return {
    'projects.list': () => service.listProjects(),
    'projects.create': (req) => service.createProject(req.name),
    'library.import': async (req, ctx) => {
      // Every path is checked before any is touched, so one forbidden path means nothing happens at all.
      for (const path of req.paths) ctx.files.assertReadable(path);
      const summary = await service.importPaths(req.paths, { projectId: req.projectId, onProgress: progressTo(ctx) });
      return announceImport(ctx, summary);
    },
    'library.importUploads': async (req, ctx) => {
      const summary = await service.importUploads(req.files, { projectId: req.projectId, onProgress: progressTo(ctx) });
      return announceImport(ctx, summary);
    },
    'library.list': (req) => service.list(req),
    'library.get': (req) => service.details(req.id),
    'library.locate': async (req, ctx) => {
      ctx.files.assertReadable(req.path);
      const located = await service.locate(req.id, req.path);
      ctx.emit('library.changed', { projectId: located.projectId });
      return located;
    },
    'library.remove': async (req, ctx) => {
      const { removed, projectId } = await service.remove(req.id);
      if (removed) {
        await hooks.afterRemove?.();
        ctx.emit('library.changed', { projectId });
      }
      return { removed };
    },
  };
}
