// Document blocks through the real BedrockRuntimeClient: the formats Bedrock takes, its name
// rules, five documents without duplicate names, 4.5 MB each, a text block beside them.
import assert from 'node:assert/strict';
import { BedrockRuntimeClient, type ContentBlock, ConverseCommand, type DocumentFormat, type Message } from '@aws-sdk/client-bedrock-runtime';
import { realPng } from '../../support/imageFixtures';
import { useEmulator } from './support';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

function document(name: string, format: string = 'pdf', bytes: Buffer = PDF): ContentBlock {
	return { document: { name, format: format as DocumentFormat, source: { bytes } } };
}

function asking(...blocks: ContentBlock[]): Message[] {
	return [{ role: 'user', content: [...blocks, { text: 'Summarise these.' }] }];
}

describe('emulator: Bedrock Runtime documents', function () {
	const harness = useEmulator();

	function converse(messages: Message[], modelId = HAIKU) {
		return new BedrockRuntimeClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1 }).send(new ConverseCommand({ modelId, messages }));
	}

	it('accepts every format Bedrock names, text sources too, and names with the characters it allows', async () => {
		const formats = ['pdf', 'csv', 'doc', 'docx', 'xls'];
		assert.equal((await converse(asking(...formats.map((format, i) => document(`Quarterly report (v${i}) [final]_x-y`, format))))).stopReason, 'end_turn');
		const texts: ContentBlock[] = ['xlsx', 'html', 'txt', 'md'].map((format) => ({ document: { name: `notes ${format}`, format: format as DocumentFormat, source: { text: 'one two three four' } } }));
		const reply = await converse(asking(...texts));
		assert.equal(reply.usage?.inputTokens, 4 * 4 + 2, 'text sources count as words');
	});

	it("refuses names Bedrock refuses, with its message, and other formats with the enum error", async () => {
		const nameMessage =
			"The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character. Check that the file name conforms to these restrictions and retry your request.";
		for (const name of ['report.pdf', "John's report", 'two  spaces', 'résumé', '<img src=x onerror=alert(1)>']) {
			await assert.rejects(converse(asking(document(name))), { name: 'ValidationException', message: nameMessage }, name);
		}
		await assert.rejects(converse(asking(document('x'.repeat(201)))), { message: /Member must have length less than or equal to 200$/ });
		await assert.rejects(converse(asking(document('slides', 'pptx'))), {
			message:
				"1 validation error detected: Value 'pptx' at 'messages.1.member.content.1.member.document.format' failed to satisfy constraint: Member must satisfy enum value set: [pdf, csv, doc, docx, xls, xlsx, html, txt, md]",
		});
	});

	it('refuses a sixth document, duplicate names, a document over 4.5 MB, a PDF that is none, and a document without text', async () => {
		await assert.rejects(converse(asking(...Array.from({ length: 6 }, (_, i) => document(`doc ${i}`)))), {
			message: "You can't include more than 5 documents in a request.",
		});
		const history: Message[] = [
			...asking(document('report')),
			{ role: 'assistant', content: [{ text: 'Read it.' }] },
			...asking(document('report')),
		];
		await assert.rejects(converse(history), { message: "Messages can't contain duplicate document names." });
		const limit = 4.5 * 1024 * 1024;
		assert.equal((await converse(asking(document('big', 'txt', Buffer.alloc(limit, 0x61))))).stopReason, 'end_turn');
		await assert.rejects(converse(asking(document('too big', 'txt', Buffer.alloc(limit + 1, 0x61)))), {
			message: `The model returned the following errors: messages.0.content.0.document.source.bytes: document exceeds 4.5 MB maximum: ${limit + 1} bytes > ${limit} bytes`,
		});
		await assert.rejects(converse(asking(document('fake', 'pdf', realPng()))), {
			message: 'The model returned the following errors: messages.0.content.0.document.source.bytes: The PDF specified was not valid.',
		});
		await assert.rejects(converse([{ role: 'user', content: [document('alone')] }]), {
			message: 'A text block must be included when using documents. Add a text block and retry your request.',
		});
	});

	it('counts documents and images together against the limit of 20, and refuses documents on a model without them', async () => {
		const images: ContentBlock[] = Array.from({ length: 16 }, () => ({ image: { format: 'png', source: { bytes: realPng(1, 1) } } }));
		await assert.rejects(converse(asking(...images, ...Array.from({ length: 5 }, (_, i) => document(`d${i}`)))), {
			message: 'The model returned the following errors: too many images and documents: 16 + 5 > 20',
		});
		await assert.rejects(converse(asking(document('report')), 'us.anthropic.claude-3-5-haiku-20241022-v1:0'), {
			message: "This model doesn't support the document field for user messages.",
		});
	});
});
