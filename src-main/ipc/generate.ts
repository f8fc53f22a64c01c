import type { GenerateService } from '../generate/generate-service.js';
import type { CallContext, Handlers } from '../router/types.js';
import { announceImport } from './library.js';

/**
 * The Generate panel's channels. Progress of a grid or a strip goes out as `job.progress` events and `jobs.cancel`
 * stops it; saved images are announced like an import.
 */
export function generateHandlers(generate: GenerateService): Handlers {
  const progressOf = (jobId: string, ctx: CallContext) => (fraction: number, stage: string) => ctx.emit('job.progress', { jobId, fraction, stage });
  return {
    'generate.sample': (req, ctx) => generate.sample(req, progressOf(req.jobId, ctx)),
    'generate.interpolate': (req, ctx) => generate.interpolate(req, progressOf(req.jobId, ctx)),
    'generate.save': async (req, ctx) => announceImport(ctx, await generate.save(req.ids, req.projectId)),
  };
}
