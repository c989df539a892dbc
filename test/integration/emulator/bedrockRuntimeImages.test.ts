// Image blocks and CountTokens through the real BedrockRuntimeClient: the formats Bedrock takes,
// its checks of bytes, size, dimensions and count (with its messages), and a token count that
// matches what Converse then reports.
import assert from 'node:assert/strict';
import {
	BedrockRuntimeClient,
	type ContentBlock,
	ConverseCommand,
	CountTokensCommand,
	type ImageFormat,
	type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { type ImageFormat as FixtureFormat, imageWithHeader, realPng } from '../../support/imageFixtures';
import { useEmulator } from './support';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_35 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const SONNET = 'anthropic.claude-sonnet-4-20250514-v1:0';

function image(format: string, bytes: Buffer): ContentBlock {
	return { image: { format: format as ImageFormat, source: { bytes } } };
}

function withImages(...images: ContentBlock[]): Message[] {
	return [{ role: 'user', content: [...images, { text: 'What is in the picture?' }] }];
}

describe('emulator: Bedrock Runtime images and CountTokens', function () {
	const harness = useEmulator();

	function runtime() {
		return new BedrockRuntimeClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1 });
	}

	function converse(messages: Message[], modelId = HAIKU) {
		return runtime().send(new ConverseCommand({ modelId, messages }));
	}

	describe('images', () => {
		it('accepts png, jpeg, gif and webp whose bytes are that format, and counts their tokens', async () => {
			for (const format of ['png', 'jpeg', 'gif', 'webp'] as FixtureFormat[]) {
				const reply = await converse(withImages(image(format, imageWithHeader(format, 750, 100))));
				assert.equal(reply.stopReason, 'end_turn', format);
				assert.equal(reply.usage?.inputTokens, 100 + 5, `${format}: 750×100/750 image tokens + 5 words`);
			}
			assert.equal((await converse(withImages(image('png', realPng(4, 4))))).stopReason, 'end_turn');
		});

		it('refuses a format Bedrock does not name, bytes of another format, and bytes that are no image', async () => {
			await assert.rejects(converse(withImages(image('jpg', imageWithHeader('jpeg', 10, 10)))), {
				name: 'ValidationException',
				message:
					"1 validation error detected: Value 'jpg' at 'messages.1.member.content.1.member.image.format' failed to satisfy constraint: Member must satisfy enum value set: [gif, jpeg, png, webp]",
			});
			await assert.rejects(converse(withImages(image('png', imageWithHeader('jpeg', 10, 10)))), {
				message:
					'The model returned the following errors: messages.0.content.0.image.source.bytes: The image was specified using the image/png media type, but the image appears to be a image/jpeg image',
			});
			await assert.rejects(converse(withImages(image('png', Buffer.from('<svg onload="alert(1)"/>')))), {
				message: 'The model returned the following errors: messages.0.content.0.image.source.bytes: Could not process image',
			});
		});

		it('refuses an image over 3.75 MB (5 MB in base64) and one over 8000 px a side, and takes one just under', async () => {
			const limit = 3.75 * 1024 * 1024;
			assert.equal((await converse(withImages(image('png', imageWithHeader('png', 100, 100, limit))))).stopReason, 'end_turn');
			await assert.rejects(converse(withImages(image('png', imageWithHeader('png', 100, 100, limit + 1)))), {
				message: 'The model returned the following errors: messages.0.content.0.image.source.bytes: image exceeds 5 MB maximum: 5242884 bytes > 5242880 bytes',
			});
			assert.equal((await converse(withImages(image('webp', imageWithHeader('webp', 8000, 8000))))).stopReason, 'end_turn');
			await assert.rejects(converse(withImages(image('gif', imageWithHeader('gif', 8001, 20)))), {
				message: 'The model returned the following errors: messages.0.content.0.image.source.bytes: At least one of the image dimensions exceed max allowed size: 8000 pixels',
			});
		});

		it('takes 20 images in a request and refuses 21, counting images in earlier turns', async () => {
			const one = image('png', realPng(1, 1));
			assert.equal((await converse(withImages(...Array.from({ length: 20 }, () => one)))).stopReason, 'end_turn');
			const history: Message[] = [
				{ role: 'user', content: [...Array.from({ length: 10 }, () => one), { text: 'first' }] },
				{ role: 'assistant', content: [{ text: 'seen' }] },
				...withImages(...Array.from({ length: 11 }, () => one)),
			];
			await assert.rejects(converse(history), { message: 'The model returned the following errors: too many images and documents: 21 + 0 > 20' });
		});

		it('refuses images for a model without image input', async () => {
			await assert.rejects(converse(withImages(image('png', realPng())), `us.${HAIKU_35}`), {
				name: 'ValidationException',
				message: "This model doesn't support the image field for user messages.",
			});
		});
	});

	describe('CountTokens', () => {
		const messages: Message[] = [
			{ role: 'user', content: [{ text: 'Summarise the design in three bullet points' }] },
			{ role: 'assistant', content: [{ text: 'Sure, which design?' }] },
			{ role: 'user', content: [{ text: 'The emulator one' }] },
		];
		const system = [{ text: 'You are terse.' }];

		it('counts a Converse input deterministically, the same as Converse then reports', async () => {
			const count = await runtime().send(new CountTokensCommand({ modelId: SONNET, input: { converse: { messages, system } } }));
			assert.equal(count.inputTokens, 3 + 7 + 3 + 3);
			const again = await runtime().send(new CountTokensCommand({ modelId: SONNET, input: { converse: { messages, system } } }));
			assert.equal(again.inputTokens, count.inputTokens);
			const reply = await runtime().send(new ConverseCommand({ modelId: `us.${SONNET}`, messages, system }));
			assert.equal(reply.usage?.inputTokens, count.inputTokens);
			assert.equal(harness.emulator.control.lastRequest('bedrock:CountTokens')?.path, `/model/${encodeURIComponent(SONNET)}/count-tokens`);
		});

		it('counts an InvokeModel body too', async () => {
			const body = new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: 'one two three' }] }));
			const count = await runtime().send(new CountTokensCommand({ modelId: HAIKU_35, input: { invokeModel: { body } } }));
			assert.equal(count.inputTokens, 3);
		});

		it("refuses an input over the context window as Bedrock does (Converse) and over CountTokens' maximum", async () => {
			const { control } = harness.emulator;
			control.setContextWindow(10);
			const long: Message[] = [{ role: 'user', content: [{ text: 'one two three four five six seven eight nine ten eleven' }] }];
			await assert.rejects(runtime().send(new ConverseCommand({ modelId: HAIKU, messages: long })), {
				name: 'ValidationException',
				message: 'The model returned the following errors: Input is too long for requested model.',
			});
			await assert.rejects(runtime().send(new CountTokensCommand({ modelId: SONNET, input: { converse: { messages: long } } })), {
				name: 'ValidationException',
				message: 'prompt is too long: 11 tokens > 10 maximum',
			});
			assert.equal((await runtime().send(new ConverseCommand({ modelId: HAIKU, messages: long.map((m) => ({ ...m, content: [{ text: 'ten words or fewer' }] })) }))).stopReason, 'end_turn');
			control.reset();
			assert.equal((await runtime().send(new ConverseCommand({ modelId: HAIKU, messages: long }))).stopReason, 'end_turn', 'reset() restores the model window');
		});

		it("refuses models without token counting and inference profiles with Bedrock's message", async () => {
			for (const modelId of [HAIKU, 'amazon.nova-lite-v1:0', `us.${SONNET}`]) {
				await assert.rejects(runtime().send(new CountTokensCommand({ modelId, input: { converse: { messages } } })), {
					name: 'ValidationException',
					message: "The provided model doesn't support counting tokens.",
				});
			}
			await assert.rejects(runtime().send(new CountTokensCommand({ modelId: 'acme.nothing-v1:0', input: { converse: { messages } } })), {
				message: 'The provided model identifier is invalid.',
			});
		});
	});
});
