// Reads Qt binary resource bundles (.rcc, format versions 1-3), which gcompris-qt-data packs its images into.
// No Debian tool extracts them (Qt's rcc only builds and lists), so the format is read here, after Qt's
// rcc.cpp / qresource.cpp: a header, a tree of 14-byte nodes (22 with a modification time from version 2),
// a names table (UTF-16BE) and a data table (u32 size + bytes, zlib with a u32 size prefix when compressed).
import { inflateSync } from 'node:zlib';
import { KintsugiError } from '../../src-shared/errors.js';

export interface RccEntry {
  /** Absolute resource path, e.g. `/gcompris/src/activities/x/resource/photo.jpg`. */
  path: string;
  read(): Promise<Buffer>;
}

const FLAG_COMPRESSED = 0x01;
const FLAG_DIRECTORY = 0x02;
const FLAG_COMPRESSED_ZSTD = 0x04;

function bad(message: string): KintsugiError {
  return new KintsugiError('E_INVALID_ARGUMENT', `not a readable Qt resource bundle: ${message}`);
}

export function parseRcc(bundle: Buffer): RccEntry[] {
  if (bundle.length < 20 || bundle.toString('latin1', 0, 4) !== 'qres') throw bad('no "qres" magic');
  const version = bundle.readUInt32BE(4);
  if (version < 1 || version > 3) throw bad(`unknown version ${version}`);
  const treeOffset = bundle.readUInt32BE(8);
  const dataOffset = bundle.readUInt32BE(12);
  const namesOffset = bundle.readUInt32BE(16);
  const nodeSize = version >= 2 ? 22 : 14;
  const u32 = (at: number) => {
    if (at + 4 > bundle.length) throw bad(`offset ${at} past the end`);
    return bundle.readUInt32BE(at);
  };

  const nameAt = (offset: number): string => {
    const at = namesOffset + offset;
    if (at + 6 > bundle.length) throw bad(`name offset ${offset} past the end`);
    const length = bundle.readUInt16BE(at);
    const chars = bundle.subarray(at + 6, at + 6 + length * 2);
    if (chars.length !== length * 2) throw bad(`name at ${offset} is cut short`);
    return Buffer.from(chars).swap16().toString('utf16le');
  };

  const dataOf = (offset: number, flags: number): Buffer => {
    const at = dataOffset + offset;
    const size = u32(at);
    const raw = bundle.subarray(at + 4, at + 4 + size);
    if (raw.length !== size) throw bad(`data at ${offset} is cut short`);
    if (flags & FLAG_COMPRESSED_ZSTD) throw bad('zstd-compressed entries are not supported');
    // qCompress format: the uncompressed size (u32 BE), then a zlib stream.
    return flags & FLAG_COMPRESSED ? inflateSync(raw.subarray(4)) : Buffer.from(raw);
  };

  const entries: RccEntry[] = [];
  const visit = (node: number, prefix: string, depth: number) => {
    if (depth > 64) throw bad('directory tree too deep (a cycle?)');
    const at = treeOffset + node * nodeSize;
    const nameOffset = u32(at);
    const flags = bundle.readUInt16BE(at + 4);
    const name = node === 0 ? '' : nameAt(nameOffset);
    const here = node === 0 ? '' : `${prefix}/${name}`;
    if (flags & FLAG_DIRECTORY) {
      const count = u32(at + 6);
      const first = u32(at + 10);
      for (let k = 0; k < count; k++) visit(first + k, here, depth + 1);
    } else {
      const offset = u32(at + 10);
      entries.push({ path: here, read: async () => dataOf(offset, flags) });
    }
  };
  visit(0, '', 0);
  return entries;
}
