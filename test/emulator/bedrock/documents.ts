// Document blocks as Bedrock checks them: the format enum, the name rules, at most five
// documents without duplicate names, 4.5 MB each, a text block beside them, PDF bytes that are a PDF.
import type { Reply } from '../http';
import type { ConverseMessage } from '../replies';
import { bedrockValidation } from '../services/bedrockAuth';
import { type Block, base64Bytes, blocksOf, isObject } from './contentBlocks';

export const DOCUMENT_FORMATS = ['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md'] as const;
export const MAX_DOCUMENTS = 5;
export const MAX_DOCUMENT_BYTES = 4.5 * 1024 * 1024;
export const MAX_DOCUMENT_NAME = 200;
/** What Bedrock accepts in a name (underscores too, though its message does not list them). */
const NAME_CHARACTERS = /^[A-Za-z0-9_ ()[\]-]+$/;

const NAME_MESSAGE =
	"The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character. Check that the file name conforms to these restrictions and retry your request.";

function modelError(detail: string): Reply {
	return bedrockValidation(`The model returned the following errors: ${detail}`);
}

interface Found {
	document: Block;
	path: string;
	awsPath: string;
	message: ConverseMessage;
}

export function documentsIn(messages: readonly ConverseMessage[]): Found[] {
	return messages.flatMap((message, i) =>
		blocksOf(message).flatMap((block, j) =>
			isObject(block.document) ? [{ document: block.document, path: `messages.${i}.content.${j}`, awsPath: `messages.${i + 1}.member.content.${j + 1}.member`, message }] : [],
		),
	);
}

function sourceBytes(document: Block): Buffer | undefined {
	const source = isObject(document.source) ? document.source : {};
	if (typeof source.text === 'string') {
		return Buffer.from(source.text, 'utf8');
	}
	return base64Bytes(source.bytes);
}

function checkDocument({ document, path, awsPath }: Found): Reply | undefined {
	const format = document.format;
	if (format !== undefined && !(DOCUMENT_FORMATS as readonly string[]).includes(String(format))) {
		return bedrockValidation(
			`1 validation error detected: Value '${String(format)}' at '${awsPath}.document.format' failed to satisfy constraint: Member must satisfy enum value set: [${DOCUMENT_FORMATS.join(', ')}]`,
		);
	}
	const name = typeof document.name === 'string' ? document.name : '';
	if (name.length === 0 || name.length > MAX_DOCUMENT_NAME) {
		return bedrockValidation(
			`1 validation error detected: Value '${name}' at '${awsPath}.document.name' failed to satisfy constraint: Member must have length ${name.length === 0 ? 'greater than or equal to 1' : `less than or equal to ${MAX_DOCUMENT_NAME}`}`,
		);
	}
	if (!NAME_CHARACTERS.test(name) || / {2}/.test(name)) {
		return bedrockValidation(NAME_MESSAGE);
	}
	const bytes = sourceBytes(document) ?? Buffer.alloc(0);
	if (bytes.length > MAX_DOCUMENT_BYTES) {
		// Bedrock's wording for this limit is not on record; this follows its image message.
		return modelError(`${path}.document.source.bytes: document exceeds 4.5 MB maximum: ${bytes.length} bytes > ${MAX_DOCUMENT_BYTES} bytes`);
	}
	if (format === 'pdf' && !bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
		return modelError(`${path}.document.source.bytes: The PDF specified was not valid.`);
	}
	return undefined;
}

/** The document rules; returns the document count too (images and documents share a limit). */
export function checkDocuments(messages: readonly ConverseMessage[], supported: boolean): { refusal?: Reply; count: number } {
	const documents = documentsIn(messages);
	if (documents.length === 0) {
		return { count: 0 };
	}
	if (!supported) {
		// Modelled on Bedrock's refusal of images for a model without them.
		return { refusal: bedrockValidation("This model doesn't support the document field for user messages."), count: documents.length };
	}
	if (documents.length > MAX_DOCUMENTS) {
		return { refusal: bedrockValidation(`You can't include more than ${MAX_DOCUMENTS} documents in a request.`), count: documents.length };
	}
	const names = documents.map((found) => found.document.name);
	if (new Set(names).size !== names.length) {
		return { refusal: bedrockValidation("Messages can't contain duplicate document names."), count: documents.length };
	}
	for (const found of documents) {
		const refusal = checkDocument(found);
		if (refusal) {
			return { refusal, count: documents.length };
		}
	}
	const withoutText = documents.find(({ message }) => !blocksOf(message).some((block) => typeof block.text === 'string' && block.text.trim().length > 0));
	if (withoutText) {
		return { refusal: bedrockValidation('A text block must be included when using documents. Add a text block and retry your request.'), count: documents.length };
	}
	return { count: documents.length };
}
