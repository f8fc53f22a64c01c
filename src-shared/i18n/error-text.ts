import type { ErrorData } from '../errors.js';
import type { Translator } from './translator.js';

/**
 * What the user reads about a failure, in their language. The server's message is English prose meant for logs;
 * in English it is shown as it is (it is the most specific), in any other language the code's own explanation is.
 */
export function errorText(tr: Translator, error: Pick<ErrorData, 'code' | 'message'>): string {
  if (tr.locale === 'en' && error.message) return error.message;
  return tr.t(`error.${error.code}`);
}
