// Bedrock Runtime through the real BedrockRuntimeClient over cleartext HTTP/2: replies, usage,
// model-access errors, bearer auth, and every stream fault the chat must survive.
import assert from 'node:assert/strict';
import {
	BedrockRuntimeClient,
	ConverseCommand,
	ConverseStreamCommand,
	type ConverseStreamCommandInput,
	type ConverseStreamOutput,
	type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startEmulator } from '../../emulator';
import { useEmulator } from './support';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-sonnet-4-20250514-v1:0';

function userSays(text: string): Message[] {
	return [{ role: 'user', content: [{ text }] }];
}

async function collect(output: AsyncIterable<ConverseStreamOutput> | undefined) {
	const events: ConverseStreamOutput[] = [];
	for await (const event of output ?? []) {
		events.push(event);
	}
	return events;
}

function textOf(events: ConverseStreamOutput[]): string {
	return events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
}

describe('emulator: Bedrock Runtime', function () {
	const harness = useEmulator({ streamChunkChars: 5 });

	function runtime(extra: ConstructorParameters<typeof BedrockRuntimeClient>[0] = {}) {
		return new BedrockRuntimeClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1, ...extra });
	}

	async function stream(input: Partial<ConverseStreamCommandInput> = {}, client = runtime()) {
		const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: userSays('How do I sign in?'), ...input }));
		return collect(response.stream);
	}

	describe('replies', () => {
		it('streams the markdown reply over HTTP/2 in small deltas, then stop and usage', async () => {
			const events = await stream();
			assert.deepEqual(events[0], { messageStart: { role: 'assistant' } });
			const text = textOf(events);
			assert.match(text, /^## /m);
			assert.match(text, /^- /m);
			assert.match(text, /`fromNodeProviderChain\(\)`/);
			assert.match(text, /```typescript\n[\s\S]+\n```/);
			assert.match(text, /\[Amazon Bedrock documentation\]\(https:\/\/docs\.aws\.amazon\.com\/bedrock\/\)/);
			assert.match(text, /How do I sign in\?/);
			const deltas = events.filter((event) => event.contentBlockDelta);
			assert.ok(deltas.every((event) => Array.from(event.contentBlockDelta?.delta?.text ?? '').length <= 5));
			const tail = events.slice(-3);
			assert.deepEqual(tail[0], { contentBlockStop: { contentBlockIndex: 0 } });
			assert.deepEqual(tail[1], { messageStop: { stopReason: 'end_turn' } });
			assert.deepEqual(tail[2].metadata?.usage, { inputTokens: 5, outputTokens: deltas.length, totalTokens: 5 + deltas.length });
			assert.ok((tail[2].metadata?.metrics?.latencyMs ?? 0) >= 1);
		});

		it('serves queued replies exactly, then long replies truncated by maxTokens', async () => {
			const { control } = harness.emulator;
			control.setNextReplies(['First exact reply.', 'Second.']);
			assert.equal(textOf(await stream()), 'First exact reply.');
			const converse = await runtime().send(new ConverseCommand({ modelId: HAIKU, messages: userSays('again') }));
			assert.deepEqual(converse.output?.message?.content, [{ text: 'Second.' }]);
			assert.equal(converse.stopReason, 'end_turn');
			assert.deepEqual(converse.usage, { inputTokens: 1, outputTokens: 2, totalTokens: 3 });

			control.setReplyLength(200);
			try {
				const long = await stream({ inferenceConfig: { maxTokens: 10 } });
				assert.equal(long.filter((event) => event.contentBlockDelta).length, 10);
				assert.ok(long.some((event) => event.messageStop?.stopReason === 'max_tokens'));
				const full = textOf(await stream());
				assert.equal(full.split(/\s+/).length, 200);
			} finally {
				control.setReplyLength(undefined);
			}
		});

		it('never splits a surrogate pair across deltas, even with one code point per delta', async () => {
			const fine = await startEmulator({ streamChunkChars: 1 });
			try {
				const reply = 'Ünïcödé 🎉 déjà vu 👩‍💻 ok';
				fine.control.setNextReplies([reply]);
				const client = new BedrockRuntimeClient({ credentials: fine.control.createAccessKey(), endpoint: fine.http2Url, maxAttempts: 1 });
				const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: userSays('hi') }));
				const events = await collect(response.stream);
				assert.equal(textOf(events), reply);
				assert.equal(events.filter((event) => event.contentBlockDelta).length, Array.from(reply).length);
			} finally {
				await fine.stop();
			}
		});

		it('also answers Converse on the HTTP/1.1 listener for clients with an HTTP/1.1 handler', async () => {
			const client = runtime({ endpoint: harness.emulator.httpUrl, requestHandler: new NodeHttpHandler() });
			const reply = await client.send(new ConverseCommand({ modelId: HAIKU, messages: userSays('over http1') }));
			assert.match(reply.output?.message?.content?.[0]?.text ?? '', /over http1/);
			assert.equal(harness.emulator.control.lastRequest('bedrock:Converse')?.headers[':authority'], undefined);
		});

		it('rejects conversations that do not start with the user or do not alternate', async () => {
			await assert.rejects(stream({ messages: [{ role: 'assistant', content: [{ text: 'hi' }] }] }), {
				name: 'ValidationException',
				message: /must start with a user message/,
			});
			await assert.rejects(stream({ messages: [...userSays('a'), ...userSays('b')] }), { name: 'ValidationException', message: /must alternate/ });
			await assert.rejects(stream({ messages: userSays('  ') }), { name: 'ValidationException', message: /is blank/ });
		});
	});

	describe('models', () => {
		it('refuses direct invocation of a profile-only model with the real message, and serves it through its profile', async () => {
			await assert.rejects(stream({ modelId: SONNET }), {
				name: 'ValidationException',
				message: `Invocation of model ID ${SONNET} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
			});
			assert.ok(textOf(await stream({ modelId: `us.${SONNET}` })).length > 0);
			const profileArn = `arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.${SONNET}`;
			assert.ok(textOf(await stream({ modelId: profileArn })).length > 0);
			assert.equal(harness.emulator.control.lastRequest('bedrock:ConverseStream')?.params.modelId, profileArn);
		});

		it('serves an application inference profile by ARN', async () => {
			const profile = harness.emulator.control.createApplicationInferenceProfile({ name: 'team', modelId: 'amazon.nova-lite-v1:0' });
			assert.ok(textOf(await stream({ modelId: profile.inferenceProfileArn })).length > 0);
		});

		it('answers AccessDeniedException for a model without access, and ValidationException for unknown and embedding models', async () => {
			await assert.rejects(stream({ modelId: 'meta.llama3-70b-instruct-v1:0' }), {
				name: 'AccessDeniedException',
				message: "You don't have access to the model with the specified model ID.",
			});
			await assert.rejects(stream({ modelId: 'acme.unknown-v1:0' }), { name: 'ValidationException', message: 'The provided model identifier is invalid.' });
			await assert.rejects(stream({ modelId: 'amazon.titan-embed-text-v2:0' }), { name: 'ValidationException' });
		});
	});

	describe('authentication', () => {
		it('accepts a Bedrock API key from AWS_BEARER_TOKEN_BEDROCK', async () => {
			const { token } = harness.emulator.control.createBedrockApiKey();
			process.env.AWS_BEARER_TOKEN_BEDROCK = token;
			try {
				const events = await stream({}, new BedrockRuntimeClient({ maxAttempts: 1 }));
				assert.ok(textOf(events).length > 0);
				assert.equal(harness.emulator.control.lastRequest('bedrock:ConverseStream')?.auth, 'bearer');
			} finally {
				delete process.env.AWS_BEARER_TOKEN_BEDROCK;
			}
		});

		it('rejects expired keys, wrong secrets and tampered bodies the way Bedrock does', async () => {
			const { control } = harness.emulator;
			const temporary = control.createTemporaryKeys();
			control.expireAllCredentials();
			await assert.rejects(stream({}, runtime({ credentials: temporary })), { name: 'ExpiredTokenException', message: 'The security token included in the request is expired' });

			const key = control.createAccessKey();
			await assert.rejects(stream({}, runtime({ credentials: { ...key, secretAccessKey: key.secretAccessKey.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) } })), {
				name: 'InvalidSignatureException',
			});

			const tampering = runtime({ credentials: key });
			tampering.middlewareStack.add(
				(next) => async (args) => {
					const request = args.request as { body?: string };
					request.body = String(request.body).replace('sign in', 'sign on');
					return next(args);
				},
				{ step: 'finalizeRequest', priority: 'low', name: 'tamperAfterSigning' },
			);
			await assert.rejects(stream({}, tampering), { name: 'InvalidSignatureException' });
		});

		it('answers a skewed clock with InvalidSignatureException "Signature expired", which the SDK corrects', async () => {
			const { control } = harness.emulator;
			control.clockSkewSeconds(-30 * 60);
			await assert.rejects(stream(), { name: 'InvalidSignatureException', message: /^Signature not yet current: / });
			const corrected = runtime({ maxAttempts: 2 });
			assert.ok(textOf(await stream({}, corrected)).length > 0);
			assert.ok(corrected.config.systemClockOffset < -29 * 60_000);
		});
	});

	describe('faults', () => {
		it('throttles before the stream; the SDK retries, and a longer throttle reaches the caller', async () => {
			const { control } = harness.emulator;
			control.throttle('bedrock:ConverseStream', 1);
			control.resetCounters();
			assert.ok(textOf(await stream({}, runtime({ maxAttempts: 3 }))).length > 0);
			assert.equal(control.counters()['bedrock:ConverseStream'], 2);

			control.throttle('bedrock:ConverseStream', 3);
			await assert.rejects(stream({}, runtime({ maxAttempts: 3 })), (error: Error & { $metadata?: { attempts?: number } }) => {
				assert.equal(error.name, 'ThrottlingException');
				assert.equal(error.$metadata?.attempts, 3);
				return true;
			});
		});

		it('fails with 503 ServiceUnavailableException and delays calls', async () => {
			const { control } = harness.emulator;
			control.failWith('*', 503, 1);
			await assert.rejects(stream(), { name: 'ServiceUnavailableException' });
			control.delay('bedrock:ConverseStream', 150, 1);
			const started = Date.now();
			await stream();
			assert.ok(Date.now() - started >= 140);
		});

		it('ends the stream with a throttlingException frame after some deltas, keeping the queued reply for the retry', async () => {
			const { control } = harness.emulator;
			control.setNextReplies(['one two three four five six seven']);
			control.streamException('throttlingException', 1, 2);
			const seen: ConverseStreamOutput[] = [];
			const response = await runtime().send(new ConverseStreamCommand({ modelId: HAIKU, messages: userSays('hi') }));
			await assert.rejects(
				(async () => {
					for await (const event of response.stream ?? []) {
						seen.push(event);
					}
				})(),
				{ name: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.' },
			);
			assert.equal(seen.filter((event) => event.contentBlockDelta).length, 2);
			assert.equal(textOf(await stream()), 'one two three four five six seven');
		});

		it('carries modelStreamErrorException and validationException frames', async () => {
			const { control } = harness.emulator;
			control.streamException('modelStreamErrorException', 1, 0);
			await assert.rejects(stream(), { name: 'ModelStreamErrorException', originalStatusCode: 500 } as object);
			control.streamException('validationException', 1, 1);
			await assert.rejects(stream(), { name: 'ValidationException' });
		});

		it('resets the HTTP/2 stream mid-reply, and the next call works', async () => {
			const { control } = harness.emulator;
			control.resetStream(1, 3);
			const seen: ConverseStreamOutput[] = [];
			const response = await runtime().send(new ConverseStreamCommand({ modelId: HAIKU, messages: userSays('hi') }));
			await assert.rejects(async () => {
				for await (const event of response.stream ?? []) {
					seen.push(event);
				}
			});
			assert.ok(seen.filter((event) => event.contentBlockDelta).length <= 3);
			assert.ok(!seen.some((event) => event.messageStop));
			assert.ok(textOf(await stream()).length > 0);
		});

		it('keeps streaming slowly when told to, and stops sending when the client aborts', async () => {
			const slow = await startSlow();
			try {
				const controller = new AbortController();
				const client = new BedrockRuntimeClient({ credentials: slow.control.createAccessKey(), endpoint: slow.http2Url, maxAttempts: 1 });
				const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: userSays('hi') }), { abortSignal: controller.signal });
				let deltas = 0;
				let stopped = false;
				try {
					for await (const event of response.stream ?? []) {
						if (event.contentBlockDelta && ++deltas === 2) {
							controller.abort();
						}
						stopped ||= Boolean(event.messageStop);
					}
				} catch {
					// an abort may surface as an error or as the end of the stream
				}
				assert.ok(!stopped, 'the reply must not complete after the abort');
				assert.ok(deltas <= 3);
			} finally {
				await slow.stop();
			}
		});
	});
});

function startSlow() {
	return startEmulator({ streamDelayMs: 30 });
}
