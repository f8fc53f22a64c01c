import type { MessageKey } from '../../../src-shared/i18n/messages-en.js';
import type { MessageParams, Translator } from '../../../src-shared/i18n/translator.js';

export type MessagePart = { text: string } | { slot: string };

// Characters no message contains, so a marker cannot collide with translated text.
const OPEN = '\u0001';
const CLOSE = '\u0002';

/**
 * A whole sentence with markup inside it (a key cap, a path in monospace): the message is formatted once, in its
 * own word order, with each slot's place marked, then cut into text and slots for the template to render.
 */
export function messageParts(tr: Translator, key: MessageKey, slots: readonly string[], params: MessageParams = {}): MessagePart[] {
  const marked = Object.fromEntries(slots.map((name) => [name, `${OPEN}${name}${CLOSE}`]));
  const text = tr.t(key, { ...params, ...marked });
  const parts: MessagePart[] = [];
  for (const piece of text.split(new RegExp(`(${OPEN}[^${CLOSE}]*${CLOSE})`, 'u'))) {
    if (piece.startsWith(OPEN)) parts.push({ slot: piece.slice(1, -1) });
    else if (piece) parts.push({ text: piece });
  }
  return parts;
}
