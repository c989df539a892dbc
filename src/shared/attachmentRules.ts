// Bedrock's rules for images and documents in a Converse request, checked before sending so
// each refusal is said plainly (by the page as files arrive, and again by the host, which
// trusts nothing the page sends). No DOM, no Node: both bundles import it.

export const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'] as const;
export const DOCUMENT_FORMATS = ['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const ATTACHMENT_LIMITS = {
	imageBytes: 3_750_000,
	imageSide: 8_000,
	images: 20,
	documentBytes: 4_500_000,
	documents: 5,
} as const;

export interface CheckedAttachment {
	kind: 'image' | 'document';
	format: ImageFormat | DocumentFormat;
}

const MB = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

/** Width and height from a PNG, JPEG, GIF or WebP header; undefined when the bytes are not that format. */
export function imageSize(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } | undefined {
	const u32 = (o: number) => ((bytes[o] ?? 0) << 24 | (bytes[o + 1] ?? 0) << 16 | (bytes[o + 2] ?? 0) << 8 | (bytes[o + 3] ?? 0)) >>> 0;
	const u16be = (o: number) => ((bytes[o] ?? 0) << 8) | (bytes[o + 1] ?? 0);
	const u16le = (o: number) => (bytes[o] ?? 0) | ((bytes[o + 1] ?? 0) << 8);
	const ascii = (o: number, n: number) => String.fromCharCode(...bytes.slice(o, o + n));
	switch (format) {
		case 'png':
			return bytes.length >= 24 && bytes[0] === 0x89 && ascii(1, 3) === 'PNG' ? { width: u32(16), height: u32(20) } : undefined;
		case 'gif':
			return bytes.length >= 10 && ascii(0, 3) === 'GIF' ? { width: u16le(6), height: u16le(8) } : undefined;
		case 'webp': {
			if (bytes.length < 30 || ascii(0, 4) !== 'RIFF' || ascii(8, 4) !== 'WEBP') return undefined;
			const chunk = ascii(12, 4);
			if (chunk === 'VP8X') return { width: 1 + (u16le(24) | ((bytes[26] ?? 0) << 16)), height: 1 + (u16le(27) | ((bytes[29] ?? 0) << 16)) };
			if (chunk === 'VP8 ') return { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
			if (chunk === 'VP8L') {
				const b = (o: number) => bytes[21 + o] ?? 0;
				return { width: 1 + (((b(1) & 0x3f) << 8) | b(0)), height: 1 + (((b(3) & 0xf) << 10) | (b(2) << 2) | ((b(1) & 0xc0) >> 6)) };
			}
			return undefined;
		}
		case 'jpeg': {
			if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
			let o = 2;
			while (o + 9 < bytes.length) {
				if (bytes[o] !== 0xff) return undefined;
				const marker = bytes[o + 1] ?? 0;
				// Start-of-frame markers (not DHT 0xc4, JPG 0xc8, DAC 0xcc) carry the size.
				if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
					return { width: u16be(o + 7), height: u16be(o + 5) };
				}
				o += 2 + u16be(o + 2);
			}
			return undefined;
		}
	}
}

/** The format a file name's extension names (jpg → jpeg, htm → html, markdown → md). */
export function formatOfName(name: string): CheckedAttachment | undefined {
	const ext = (/\.([A-Za-z0-9]+)$/.exec(name)?.[1] ?? '').toLowerCase();
	const alias: Record<string, string> = { jpg: 'jpeg', htm: 'html', markdown: 'md' };
	const format = alias[ext] ?? ext;
	if ((IMAGE_FORMATS as readonly string[]).includes(format)) return { kind: 'image', format: format as ImageFormat };
	if ((DOCUMENT_FORMATS as readonly string[]).includes(format)) return { kind: 'document', format: format as DocumentFormat };
	return undefined;
}

/**
 * A document name as Bedrock accepts it: letters, digits, single spaces, hyphens, parentheses
 * and square brackets (everything else becomes a space), without the extension; never empty.
 */
export function bedrockDocumentName(fileName: string): string {
	const stem = fileName.replace(/\.[A-Za-z0-9]+$/, '');
	const cleaned = stem.replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200).trim();
	return cleaned || 'document';
}

/** Why one file cannot be sent, in words the user can act on; undefined when it can. */
export function refusalOf(name: string, bytes: Uint8Array): string | undefined {
	const type = formatOfName(name);
	const shown = name.length > 80 ? `${name.slice(0, 79)}…` : name;
	if (!type) {
		return `"${shown}" cannot be attached: Bedrock takes images (${IMAGE_FORMATS.join(', ')}) and documents (${DOCUMENT_FORMATS.join(', ')}).`;
	}
	if (type.kind === 'image') {
		if (bytes.length > ATTACHMENT_LIMITS.imageBytes) return `"${shown}" is ${MB(bytes.length)}; Bedrock takes images up to 3.75 MB. Make it smaller and attach it again.`;
		const size = imageSize(bytes, type.format as ImageFormat);
		if (!size) return `"${shown}" is not a valid ${type.format.toUpperCase()} image.`;
		if (size.width > ATTACHMENT_LIMITS.imageSide || size.height > ATTACHMENT_LIMITS.imageSide) {
			return `"${shown}" is ${size.width} × ${size.height} px; Bedrock takes images up to 8,000 px a side. Scale it down and attach it again.`;
		}
		return undefined;
	}
	if (bytes.length > ATTACHMENT_LIMITS.documentBytes) return `"${shown}" is ${MB(bytes.length)}; Bedrock takes documents up to 4.5 MB.`;
	if (bytes.length === 0) return `"${shown}" is empty.`;
	return undefined;
}

/** Why a set of attachments (a whole request's) is too many; undefined when it is not. */
export function countRefusal(kinds: readonly ('image' | 'document')[]): string | undefined {
	const images = kinds.filter((k) => k === 'image').length;
	const documents = kinds.length - images;
	if (images > ATTACHMENT_LIMITS.images) return `${images} images are attached; Bedrock takes at most 20 per request (earlier turns count). Remove some, or start a new chat.`;
	if (documents > ATTACHMENT_LIMITS.documents) return `${documents} documents are attached; Bedrock takes at most 5 per request (earlier turns count). Remove some, or start a new chat.`;
	return undefined;
}
