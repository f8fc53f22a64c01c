import type { InpaintService } from '../inpaint/inpaint-service.js';
import type { ResultsService } from '../inpaint/results-service.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { Handlers } from '../router/types.js';

export interface InpaintHandlerServices {
  inpaint: InpaintService;
  results: ResultsService;
  jobs: JobRegistry;
}

/** The inpainting, versions and export channels. Progress of a run goes out as `job.progress` events. */
export function inpaintHandlers({ inpaint, results, jobs }: InpaintHandlerServices): Handlers {
  return {
    'inpaint.engines': () => inpaint.engines(),
    'inpaint.run': (req, ctx) =>
      inpaint.run(req, (fraction, stage) => ctx.emit('job.progress', { jobId: req.jobId, fraction, stage })),
    'jobs.cancel': (req) => ({ cancelled: jobs.cancel(req.jobId) }),
    'results.list': (req) => results.list(req.imageId),
    'results.accept': (req) => results.accept(req.id),
    'results.discard': async (req) => ({ discarded: await results.discard(req.id) }),
    'export.image': (req, ctx) => {
      ctx.files.assertWritable(req.path);
      return results.exportVersion(req);
    },
  };
}
