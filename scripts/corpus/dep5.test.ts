import { describe, expect, it } from 'vitest';
import { globToRegExp, licenceOf, parseDep5 } from './dep5.js';

const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: sample

Files: *
Copyright: 2020 Sample Authors
License: GPL-2+

Files: images/land/*
Copyright: Various
License: public-domain
 Taken from a public-domain collection.

Files:
 images/land/bwerner*
 images/land/city?.jpg
Copyright: 2019 Berthold Werner
           2020 Someone Else
License: CC-BY-SA-3.0
Comment: Cropped and edited.

Files: src/photos/fish1.jpg
Copyright: Florin
License: CC-BY-2.0

License: GPL-2+
 The licence text, which is not a Files stanza.
`;

describe('parseDep5 / licenceOf', () => {
  const dep5 = parseDep5(COPYRIGHT);

  it('the last matching stanza wins, and * crosses directories', () => {
    expect(licenceOf(dep5, ['images/land/bwerner3.jpg'])).toEqual({
      licence: 'CC-BY-SA-3.0',
      copyright: '2019 Berthold Werner; 2020 Someone Else',
      rule: 'images/land/bwerner*',
    });
    expect(licenceOf(dep5, ['images/land/beach0.jpg'])).toMatchObject({ licence: 'public-domain', copyright: 'Various' });
    expect(licenceOf(dep5, ['images/land/deep/er/x.jpg'])).toMatchObject({ licence: 'public-domain' });
    expect(licenceOf(dep5, ['sounds/x.wav'])).toEqual({ licence: 'GPL-2+', copyright: '2020 Sample Authors', rule: '*' });
  });

  it('? matches exactly one character', () => {
    expect(licenceOf(dep5, ['images/land/city4.jpg'])).toMatchObject({ licence: 'CC-BY-SA-3.0' });
    expect(licenceOf(dep5, ['images/land/city10.jpg'])).toMatchObject({ licence: 'public-domain' });
  });

  it('of several names for one file, the one reaching the latest stanza wins', () => {
    expect(licenceOf(dep5, ['src/photos/fish1.webp', 'src/photos/fish1.jpg'])).toMatchObject({
      licence: 'CC-BY-2.0',
      rule: 'src/photos/fish1.jpg',
    });
  });

  it('returns null when no stanza covers a path', () => {
    const narrow = parseDep5(`Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: a/*\nCopyright: A\nLicense: MIT\n`);
    expect(licenceOf(narrow, ['b/c.jpg'])).toBeNull();
  });

  it('refuses a copyright file that is not machine-readable, with E_INVALID_ARGUMENT', () => {
    expect(() => parseDep5('This package was debianized by someone.\n')).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });

  it('escapes regular-expression characters in patterns', () => {
    expect(globToRegExp('a+b (1).jpg').test('a+b (1).jpg')).toBe(true);
    expect(globToRegExp('a.jpg').test('abjpg')).toBe(false);
  });
});
