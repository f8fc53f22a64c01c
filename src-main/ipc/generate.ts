import type { GenerateService } from '../generate/generate-service.js';
import type { Handlers } from '../router/types.js';
import { announceImport } from './library.js';

/** The Generate panel's channels; saved images are announced like an import. */
export function generateHandlers(generate: GenerateService): Handlers {
  return {
    'generate.sample': (req) => generate.sample(req),
    'generate.interpolate': (req) => generate.interpolate(req),
    'generate.save': async (req, ctx) => announceImport(ctx, await generate.save(req.ids, req.projectId)),
  };
}
