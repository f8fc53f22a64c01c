import type { MasksService } from '../masks/masks-service.js';
import type { Handlers } from '../router/types.js';

/** The masks channels bound to one MasksService. Requests arrive validated by the router. */
export function masksHandlers(service: MasksService): Handlers {
  return {
    'masks.get': (req) => service.get(req.imageId),
    'masks.save': (req) => service.save(req.imageId, req.png),
    'masks.clear': (req) => ({ cleared: service.clear(req.imageId) }),
    'masks.import': (req, ctx) => {
      const { source } = req;
      if ('path' in source) {
        ctx.files.assertReadable(source.path);
        return service.import(req.imageId, source.path, source.path, req.kind, req.tolerance);
      }
      return service.import(req.imageId, source.bytes, source.name, req.kind, req.tolerance);
    },
  };
}
