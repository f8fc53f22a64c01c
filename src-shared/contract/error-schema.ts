import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export const ErrorDataSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
