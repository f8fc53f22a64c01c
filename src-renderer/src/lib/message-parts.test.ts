import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src-shared/i18n/translator.js';
import { messageParts } from './message-parts.js';

describe('messageParts', () => {
  it('keeps each language’s word order around the slot', () => {
    expect(messageParts(createTranslator('en'), 'editor.empty.hint', ['key'])).toEqual([
      { text: 'Double-click an image in the Library, or select it and press ' },
      { slot: 'key' },
      { text: '.' },
    ]);
    expect(messageParts(createTranslator('ja'), 'editor.empty.hint', ['key'])).toEqual([
      { text: 'ライブラリで画像をダブルクリックするか、選択して ' },
      { slot: 'key' },
      { text: ' キーを押してください。' },
    ]);
  });

  it('fills ordinary parameters and leaves slots for markup', () => {
    expect(messageParts(createTranslator('ja'), 'editor.missing.where', ['path'], { name: 'a.png' })).toEqual([
      { text: '「a.png」は ' },
      { slot: 'path' },
      { text: ' にありました。移動、名前の変更、削除のいずれかが行われたか、接続されていないドライブにあります。バージョンとマスクは残っています。' },
    ]);
  });
});
