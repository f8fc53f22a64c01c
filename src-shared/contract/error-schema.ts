import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

export const ErrorCodeSchema = z.enum(ERROR_CODES);
