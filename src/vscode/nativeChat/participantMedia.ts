// Which `@bedrock` references are images or binary documents, sent as Converse blocks like the
// panel's attachments (a #file on a .png or .pdf, an image pasted into the Chat view), and their
// bytes. Text files stay text references. No `vscode` value import: the reader is handed in.
import { formatOfName, IMAGE_FORMATS, type DocumentFormat, type ImageFormat } from '../../shared/attachmentRules';
import type { MediaAttachment } from '../../shared/protocol';

/** Documents that cannot be read as text; csv, html, txt and md go as text references. */
const BINARY_DOCUMENTS: readonly DocumentFormat[] = ['pdf', 'doc', 'docx', 'xls', 'xlsx'];

interface UriLike {
	scheme: string;
	path: string;
}
/** VS Code's ChatReferenceBinaryData (a pasted image), read by shape: it is not in the stable API. */
interface BinaryDataLike {
	mimeType: string;
	data(): Thenable<Uint8Array>;
	reference?: UriLike;
}

const isUri = (v: unknown): v is UriLike => typeof v === 'object' && v !== null && typeof (v as UriLike).scheme === 'string' && typeof (v as UriLike).path === 'string' && !('range' in v);
const isBinaryData = (v: unknown): v is BinaryDataLike => typeof v === 'object' && v !== null && typeof (v as BinaryDataLike).mimeType === 'string' && typeof (v as BinaryDataLike).data === 'function';
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The file a reference names as media (kind and format), or undefined when it is text or not a file. */
export function mediaTypeOf(value: unknown): { name: string; kind: 'image' | 'document'; format: ImageFormat | DocumentFormat } | undefined {
	if (isBinaryData(value)) {
		const format = value.mimeType.replace(/^image\//, '') as ImageFormat;
		if (!value.mimeType.startsWith('image/') || !IMAGE_FORMATS.includes(format)) return undefined;
		return { name: value.reference ? baseName(value.reference.path) : `pasted image.${format === 'jpeg' ? 'jpg' : format}`, kind: 'image', format };
	}
	if (!isUri(value)) return undefined;
	const name = baseName(value.path);
	const type = formatOfName(name);
	if (!type || (type.kind === 'document' && !BINARY_DOCUMENTS.includes(type.format as DocumentFormat))) return undefined;
	return { name, kind: type.kind, format: type.format };
}

/** The reference as a media attachment with its bytes (base64), or undefined when it is not media. */
export async function mediaOf(value: unknown, readFile: (uri: UriLike) => Thenable<Uint8Array>): Promise<MediaAttachment | undefined> {
	const type = mediaTypeOf(value);
	if (!type) return undefined;
	const bytes = isBinaryData(value) ? await value.data() : await readFile(value as UriLike);
	return { ...type, data: Buffer.from(bytes).toString('base64') };
}
