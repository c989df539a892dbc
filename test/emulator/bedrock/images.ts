// Image blocks as Bedrock checks them: the format enum, bytes that really are that format,
// 3.75 MB raw (5 MB once base64-encoded), 8000 px a side, 20 images a request.
import type { FoundationModel } from '../catalog';
import type { Reply } from '../http';
import type { ConverseMessage } from '../replies';
import { bedrockValidation } from '../services/bedrockAuth';
import { type Block, base64Bytes, blocksOf, isObject } from './contentBlocks';

export const IMAGE_FORMATS = ['gif', 'jpeg', 'png', 'webp'] as const;
/** Bedrock measures the base64 form against 5 MB: 3.75 MB of raw bytes. */
export const MAX_IMAGE_BASE64_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 8000;
export const MAX_IMAGES = 20;

export interface ImageFacts {
	format: (typeof IMAGE_FORMATS)[number];
	width: number;
	height: number;
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
	let offset = 2;
	while (offset + 9 < bytes.length) {
		if (bytes[offset] !== 0xff) {
			return undefined;
		}
		const marker = bytes[offset + 1];
		const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isFrame) {
			return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
		}
		offset += 2 + bytes.readUInt16BE(offset + 2);
	}
	return undefined;
}

function webpSize(bytes: Buffer): { width: number; height: number } | undefined {
	const chunk = bytes.toString('latin1', 12, 16);
	if (chunk === 'VP8 ' && bytes.length >= 30) {
		return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
	}
	if (chunk === 'VP8L' && bytes.length >= 25) {
		const [b0, b1, b2, b3] = [bytes[21], bytes[22], bytes[23], bytes[24]];
		return { width: 1 + (((b1 & 0x3f) << 8) | b0), height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)) };
	}
	if (chunk === 'VP8X' && bytes.length >= 30) {
		return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
	}
	return undefined;
}

/** What the bytes are, read from their header (the emulator decodes no pixels). */
export function inspectImage(bytes: Buffer): ImageFacts | undefined {
	if (bytes.length >= 24 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	}
	if (bytes.length >= 10 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) {
		return { format: 'gif', width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
	}
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
		const size = jpegSize(bytes);
		return size && { format: 'jpeg', ...size };
	}
	if (bytes.length >= 16 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
		const size = webpSize(bytes);
		return size && { format: 'webp', ...size };
	}
	return undefined;
}

function modelError(detail: string): Reply {
	return bedrockValidation(`The model returned the following errors: ${detail}`);
}

function checkImage(image: Block, path: string, awsPath: string): Reply | undefined {
	const format = image.format;
	if (typeof format !== 'string' || !(IMAGE_FORMATS as readonly string[]).includes(format)) {
		return bedrockValidation(
			`1 validation error detected: Value '${String(format)}' at '${awsPath}.image.format' failed to satisfy constraint: Member must satisfy enum value set: [${IMAGE_FORMATS.join(', ')}]`,
		);
	}
	const source = isObject(image.source) ? image.source : {};
	const encoded = typeof source.bytes === 'string' ? source.bytes : '';
	const bytes = base64Bytes(encoded);
	const facts = bytes && inspectImage(bytes);
	if (encoded.length > MAX_IMAGE_BASE64_BYTES) {
		return modelError(`${path}.image.source.bytes: image exceeds 5 MB maximum: ${encoded.length} bytes > ${MAX_IMAGE_BASE64_BYTES} bytes`);
	}
	if (!facts) {
		return modelError(`${path}.image.source.bytes: Could not process image`);
	}
	if (facts.format !== format) {
		return modelError(
			`${path}.image.source.bytes: The image was specified using the image/${format} media type, but the image appears to be a image/${facts.format} image`,
		);
	}
	if (facts.width > MAX_IMAGE_SIDE || facts.height > MAX_IMAGE_SIDE) {
		return modelError(`${path}.image.source.bytes: At least one of the image dimensions exceed max allowed size: ${MAX_IMAGE_SIDE} pixels`);
	}
	return undefined;
}

/** Every image block (also inside tool results) with its dotted path and the AWS member path. */
export function imagesIn(messages: readonly ConverseMessage[]): Array<{ image: Block; path: string; awsPath: string; role: unknown }> {
	const found: Array<{ image: Block; path: string; awsPath: string; role: unknown }> = [];
	messages.forEach((message, i) => {
		blocksOf(message).forEach((block, j) => {
			const path = `messages.${i}.content.${j}`;
			const awsPath = `messages.${i + 1}.member.content.${j + 1}.member`;
			if (isObject(block.image)) {
				found.push({ image: block.image, path, awsPath, role: message.role });
			}
			const nested = isObject(block.toolResult) && Array.isArray(block.toolResult.content) ? block.toolResult.content : [];
			nested.forEach((part: unknown, k: number) => {
				if (isObject(part) && isObject(part.image)) {
					found.push({ image: part.image, path: `${path}.toolResult.content.${k}`, awsPath: `${awsPath}.toolResult.content.${k + 1}.member`, role: message.role });
				}
			});
		});
	});
	return found;
}

/** `documentCount` joins the count, as Bedrock counts images and documents together. */
export function checkImages(messages: readonly ConverseMessage[], model: FoundationModel, documentCount = 0): Reply | undefined {
	const images = imagesIn(messages);
	if (images.length > 0 && !model.inputModalities.includes('IMAGE')) {
		return bedrockValidation("This model doesn't support the image field for user messages.");
	}
	if (images.length + documentCount > MAX_IMAGES) {
		return modelError(`too many images and documents: ${images.length} + ${documentCount} > ${MAX_IMAGES}`);
	}
	for (const { image, path, awsPath } of images) {
		const refused = checkImage(image, path, awsPath);
		if (refused) {
			return refused;
		}
	}
	return undefined;
}
