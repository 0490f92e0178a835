/**
 * Python wheels made on the spot, for tests where no package index is reachable: a wheel is a
 * zip of the package's files plus its dist-info (METADATA, WHEEL, RECORD), which pip installs
 * from a local path without asking any index. Entries are stored, not compressed.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export function wheel(name: string, version: string, files: Record<string, string>): Buffer {
  const info = `${name}-${version}.dist-info`;
  const entries: Array<[string, Buffer]> = Object.entries(files).map(([file, text]) => [file, Buffer.from(text)]);
  entries.push([`${info}/METADATA`, Buffer.from(`Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`)]);
  entries.push([`${info}/WHEEL`, Buffer.from('Wheel-Version: 1.0\nGenerator: localci-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n')]);
  const record = entries.map(([file, data]) => `${file},sha256=${createHash('sha256').update(data).digest('base64url')},${data.length}`);
  entries.push([`${info}/RECORD`, Buffer.from([...record, `${info}/RECORD,,`, ''].join('\n'))]);
  return storedZip(entries);
}

function storedZip(entries: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
