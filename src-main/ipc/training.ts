import type { Handlers } from '../router/types.js';
import type { SpeedEstimator } from '../training/speed-estimate.js';
import type { TrainingService } from '../training/training-service.js';

/**
 * The training channels. A run's events (progress, validation, preview, changed) go to the caller that started or
 * resumed its process, for as long as it runs. The data folder is checked against the caller's file access; a resume
 * names only a run, whose folder was checked when it started.
 */
export function trainingHandlers(training: TrainingService, speed: SpeedEstimator): Handlers {
  return {
    'training.scan': (req, ctx) => {
      ctx.files.assertReadable(req.folder);
      return training.scan(req.folder, req.validationSplit, req.seed);
    },
    'training.start': (req, ctx) => {
      ctx.files.assertReadable(req.config.dataFolder);
      return training.start(req, ctx.emit.bind(ctx));
    },
    'training.pause': (req) => training.pause(req.runId),
    'training.resume': (req, ctx) => training.resume(req.runId, ctx.emit.bind(ctx)),
    'training.stop': (req, ctx) => training.stop(req.runId, ctx.emit.bind(ctx)),
    'training.list': () => training.list(),
    'training.get': (req) => training.get(req.runId),
    'training.metrics': (req) => training.metrics(req.runId),
    'training.estimate': (req) => speed.estimate(req),
    'training.remove': async (req) => ({ removed: await training.remove(req.runId) }),
  };
}
