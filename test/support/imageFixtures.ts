// Image bytes for tests of image blocks: a real, decodable PNG of any small size, and
// header-only PNG/JPEG/GIF/WebP files of any claimed size (the emulator reads headers only).
import { deflateSync } from 'node:zlib';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) {
		c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	}
	return c >>> 0;
});

function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngHeader(width: number, height: number): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // truecolour
	return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr)]);
}

/** A valid PNG, one colour (RGB), that browsers and image libraries decode. */
export function realPng(width = 2, height = 2, rgb: [number, number, number] = [0x33, 0x66, 0x99]): Buffer {
	const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
	const pixels = Buffer.concat(Array.from({ length: height }, () => row));
	return Buffer.concat([pngHeader(width, height), pngChunk('IDAT', deflateSync(pixels)), pngChunk('IEND', Buffer.alloc(0))]);
}

function jpegHeader(width: number, height: number): Buffer {
	const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
	const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
	sof.writeUInt16BE(height, 5);
	sof.writeUInt16BE(width, 7);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof]);
}

function gifHeader(width: number, height: number): Buffer {
	const header = Buffer.alloc(13);
	header.write('GIF89a', 0, 'latin1');
	header.writeUInt16LE(width, 6);
	header.writeUInt16LE(height, 8);
	return header;
}

function webpHeader(width: number, height: number): Buffer {
	const header = Buffer.alloc(30);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(22, 4);
	header.write('WEBPVP8X', 8, 'latin1');
	header.writeUInt32LE(10, 16);
	header.writeUIntLE(width - 1, 24, 3);
	header.writeUIntLE(height - 1, 27, 3);
	return header;
}

/**
 * A file whose header says `format` at width × height, padded with zeros to `totalBytes`
 * (for the size limits). Only its header is meaningful: use realPng() where it must decode.
 */
export function imageWithHeader(format: ImageFormat, width: number, height: number, totalBytes = 0): Buffer {
	const header = { png: pngHeader, jpeg: jpegHeader, gif: gifHeader, webp: webpHeader }[format](width, height);
	return totalBytes > header.length ? Buffer.concat([header, Buffer.alloc(totalBytes - header.length)]) : header;
}
