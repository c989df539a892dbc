// Fuzzed Converse and CountTokens bodies, signed with SigV4 and posted raw (the SDK would refuse
// many of them before sending): the emulator answers each with a reply or a 4xx that says what
// is wrong — never a 500, never a hang.
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { imageWithHeader } from '../../support/imageFixtures';
import { useEmulator } from './support';

/** Deterministic, so a failure reproduces (mulberry32). */
function prng(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const MODELS = ['anthropic.claude-3-haiku-20240307-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'amazon.nova-lite-v1:0', 'us.anthropic.claude-3-5-haiku-20241022-v1:0'];

const COUNTING_MODELS = ['anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0'];

function generator(random: () => number) {
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
	const png = imageWithHeader('png', 20, 20).toString('base64');
	const blocks: Array<() => unknown> = [
		() => ({ text: pick(['hello', '', '  ', 'forbidden word', '<script>alert(1)</script>']) }),
		() => ({ text: 42 }),
		() => ({ image: { format: pick(['png', 'jpg', 'webp', null]), source: { bytes: pick([png, 'not base64!', '', 7]) } } }),
		() => ({ document: { name: pick(['report', 'a.pdf', '', null, 'x'.repeat(300)]), format: pick(['pdf', 'txt', 'exe', undefined]), source: pick([{ text: 'words here' }, { bytes: 'JVBERi0x' }, {}, null]) } }),
		() => ({ toolUse: pick([{ toolUseId: 'tooluse_1', name: 'lookup', input: {} }, {}, { toolUseId: 5 }, null]) }),
		() => ({ toolResult: pick([{ toolUseId: 'tooluse_1', content: [{ text: 'ok' }] }, { toolUseId: 'tooluse_1', content: 'nope' }, {}]) }),
		() => ({ reasoningContent: pick([{ reasoningText: { text: 'hmm', signature: 'AAAA' } }, { redactedContent: 'AAAA' }, {}, { reasoningText: null }]) }),
		() => ({ cachePoint: pick([{ type: 'default' }, { type: 'x' }, {}, null, { type: 'default', ttl: '2h' }]) }),
		() => pick([null, 'string block', [], {}, { unknownMember: true }]),
	];
	// Mostly well-formed turns, so the fuzz reaches the checks behind the turn-order rules.
	const message = (index: number) => ({
		role: random() < 0.9 ? (index % 2 === 0 ? 'user' : 'assistant') : pick(['system', undefined, 7]),
		content:
			random() < 0.9
				? [...(random() < 0.6 ? [{ text: 'question' }] : []), ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(blocks)())]
				: pick([[], 'text', null]),
	});
	const extras: Array<() => Record<string, unknown>> = [
		() => ({}),
		() => ({ toolConfig: pick([{ tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }], toolChoice: pick([{ any: {} }, { auto: {} }, { tool: { name: 'missing' } }, 'x']) }, { tools: [] }, { tools: 'x' }, null]) }),
		() => ({ additionalModelRequestFields: pick([{ thinking: { type: 'enabled', budget_tokens: pick([2048, 10, 'x']) } }, { thinking: 'yes' }, [], null]) }),
		() => ({ system: pick([[{ text: 'sys' }, { cachePoint: { type: 'default' } }], 'system', [null], [{}]]) }),
		() => (random() < 0.3 ? { guardrailConfig: pick([{ guardrailIdentifier: 'nope', guardrailVersion: '1' }, {}, null, 'x']) } : {}),
		() => (random() < 0.3 ? { serviceTier: pick([{ type: 'flex' }, { type: 5 }, 'flex', null]), performanceConfig: pick([{ latency: 'optimized' }, {}, null, 'fast']) } : {}),
		() => ({ inferenceConfig: pick([{ maxTokens: pick([1, 0, -5, 'ten', 4096]) }, null, { temperature: 'hot' }]) }),
	];
	const messages = () =>
		random() < 0.9 ? Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => (i > 0 && random() < 0.03 ? pick([null, 'turn', 3]) : message(i))) : pick(['messages', null, [{}], []]);
	return () => ({ messages: messages(), ...pick(extras)(), ...pick(extras)() });
}

describe('emulator: fuzzed Bedrock Runtime requests', function () {
	this.timeout(120_000);
	const harness = useEmulator();

	async function post(path: string, body: unknown) {
		const key = harness.emulator.control.createAccessKey();
		const url = new URL(harness.emulator.httpUrl);
		const request = new HttpRequest({
			method: 'POST',
			protocol: url.protocol,
			hostname: url.hostname,
			port: Number(url.port),
			path,
			headers: { host: url.host, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'bedrock', sha256: Sha256, uriEscapePath: true });
		const signed = await signer.sign(request);
		const response = await fetch(`${harness.emulator.httpUrl}${path}`, { method: 'POST', headers: signed.headers as Record<string, string>, body: signed.body as string });
		return { status: response.status, type: response.headers.get('x-amzn-errortype'), body: (await response.json()) as { message?: string } };
	}

	it('answers 400 fuzzed requests with a reply or an explained 4xx, never a server error', async () => {
		const random = prng(20261202);
		const next = generator(random);
		const seen = new Map<number, number>();
		for (let i = 0; i < 400; i++) {
			const body = next();
			const model = MODELS[i % MODELS.length];
			const counting = i % 5 === 4;
			const path = counting ? `/model/${encodeURIComponent(COUNTING_MODELS[i % 2])}/count-tokens` : `/model/${encodeURIComponent(model)}/converse`;
			const payload = counting ? { input: { converse: body } } : body;
			const { status, type, body: answer } = await post(path, payload);
			seen.set(status, (seen.get(status) ?? 0) + 1);
			assert.ok([200, 400, 403].includes(status), `case ${i}: ${status} ${JSON.stringify(answer)} for ${JSON.stringify(payload).slice(0, 400)}`);
			if (status !== 200) {
				assert.ok(type === 'ValidationException' || type === 'AccessDeniedException', `case ${i}: ${type}`);
				assert.ok(typeof answer.message === 'string' && answer.message.length > 10, `case ${i}: a message says what is wrong`);
			}
		}
		assert.ok((seen.get(200) ?? 0) > 10 && (seen.get(400) ?? 0) > 100, `both outcomes occur: ${JSON.stringify([...seen])}`);
	});
});
