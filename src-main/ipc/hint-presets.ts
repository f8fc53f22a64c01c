import type { HintPresetsService } from '../colorize/hint-presets-service.js';
import type { Handlers } from '../router/types.js';

/** The colour-hint preset channels. */
export function hintPresetHandlers(presets: HintPresetsService): Handlers {
  return {
    'hints.presets.list': () => presets.list(),
    'hints.presets.get': (req) => presets.get(req.id),
    'hints.presets.save': (req) => presets.save(req),
    'hints.presets.remove': (req) => ({ removed: presets.remove(req.id) }),
  };
}
