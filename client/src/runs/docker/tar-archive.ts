// The few tar operations the runtime needs for Docker's archive API: pack files (ConfigMap and
// Secret volumes, termination-message files) and read one file back. POSIX ustar, no dependency.

export interface TarEntry {
  /** Relative path, "/"-separated; directories end with "/". */
  path: string;
  mode: number;
  content?: Buffer;
}

const BLOCK = 512;

export function packTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.content ?? Buffer.alloc(0);
    const directory = entry.path.endsWith('/');
    parts.push(header(entry.path, entry.mode, directory ? 0 : content.length, directory ? '5' : '0'));
    if (!directory && content.length > 0) {
      parts.push(content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(path: string, mode: number, size: number, type: string): Buffer {
  const block = Buffer.alloc(BLOCK);
  const [prefix, name] = splitPath(path);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(mode & 0o7777, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'ascii');
  block.fill(' ', 148, 156);
  block.write(type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}

/** ustar keeps long paths as prefix + name (155 + 100 bytes). */
function splitPath(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  const cut = path.lastIndexOf('/', path.length - 2);
  if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100 || Buffer.byteLength(path.slice(0, cut)) > 155) {
    throw new Error(`the path "${path}" is too long for a volume file`);
  }
  return [path.slice(0, cut), path.slice(cut + 1)];
}

/** The content of the first regular file in a tar stream, or undefined when there is none. */
export function firstFileOf(archive: Buffer): Buffer | undefined {
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) return undefined;
    const size = parseInt(block.toString('ascii', 124, 136).replace(/\0.*$/, '').trim() || '0', 8);
    const type = String.fromCharCode(block[156]);
    const start = offset + BLOCK;
    if (type === '0' || type === '\0') return archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}
