import type { ColorizeService } from '../colorize/colorize-service.js';
import type { Handlers } from '../router/types.js';

/** The colorization channels. Progress of a run goes out as `job.progress` events; `jobs.cancel` stops it. */
export function colorizeHandlers(colorize: ColorizeService): Handlers {
  return {
    'colorize.engines': () => colorize.engines(),
    'colorize.run': (req, ctx) =>
      colorize.run(req, (fraction, stage) => ctx.emit('job.progress', { jobId: req.jobId, fraction, stage })),
  };
}
