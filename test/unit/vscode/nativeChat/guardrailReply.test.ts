// A guardrail intervention in the Chat view: the guardrail's message as plain text plus a line saying
// whose it is, an intervention without a message as an error, and replies without a guardrail untouched.
import * as assert from 'node:assert/strict';
import { escapeMarkdown, GUARDRAIL_MESSAGE_MAX_CHARS, GuardrailReplyGate } from '../../../../src/vscode/nativeChat/guardrailReply';

const GUARDRAIL = { identifier: 'gr123', version: '1' };

describe('guardrail replies in the Chat view', () => {
	it('without a guardrail, text passes at once and the end adds nothing', () => {
		const gate = new GuardrailReplyGate(undefined);
		assert.equal(gate.text('**Hi**'), '**Hi**');
		assert.deepEqual(gate.end('end_turn'), { kind: 'text', text: '' });
	});

	it('with a guardrail, a short reply is held to the end and then shown as it came', () => {
		const gate = new GuardrailReplyGate(GUARDRAIL);
		assert.equal(gate.text('**Hi** '), '');
		assert.equal(gate.text('there'), '');
		assert.deepEqual(gate.end('end_turn'), { kind: 'text', text: '**Hi** there' });
	});

	it('a reply longer than a guardrail message can be streams on once it outgrows the limit', () => {
		const gate = new GuardrailReplyGate(GUARDRAIL);
		const long = 'x'.repeat(GUARDRAIL_MESSAGE_MAX_CHARS);
		assert.equal(gate.text(long), '');
		assert.equal(gate.text('y'), `${long}y`);
		assert.equal(gate.text('z'), 'z');
	});

	it('a tool call releases what was held (a guardrail message has no tool calls)', () => {
		const gate = new GuardrailReplyGate(GUARDRAIL);
		gate.text('Let me check.');
		assert.equal(gate.release(), 'Let me check.');
		assert.equal(gate.text(' More'), ' More');
	});

	it('an intervention shows a hostile guardrail message as plain text, then says it is the guardrail\'s', () => {
		const gate = new GuardrailReplyGate(GUARDRAIL);
		gate.text('Blocked. [Click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> # `x`');
		const end = gate.end('guardrail_intervened');
		assert.equal(end.kind, 'text');
		const text = end.kind === 'text' ? end.text : '';
		assert.ok(text.startsWith('Blocked\\. \\[Click\\]\\(command\\:workbench\\.action'), text);
		assert.ok(!/(^|[^\\])[[<`#]/.test(text), `no unescaped markup: ${text}`);
		const marker = "Blocked by your guardrail gr123 (version 1) (bedrockConnect.chat.guardrail): the text above is its message, not the model's reply.";
		assert.ok(text.endsWith(`\n\n${escapeMarkdown(marker)}`), text);
	});

	it('an intervention with no message is an error naming the guardrail, the setting and what to do', () => {
		const end = new GuardrailReplyGate(GUARDRAIL).end('guardrail_intervened');
		assert.equal(end.kind, 'blocked');
		assert.match(end.kind === 'blocked' ? end.message : '', /^Your guardrail gr123 \(version 1\) \(bedrockConnect\.chat\.guardrail\) blocked this request and gave no message\. Rephrase/);
	});

	it('an intervention after streamed text adds only the line', () => {
		const gate = new GuardrailReplyGate(GUARDRAIL);
		gate.text('x'.repeat(GUARDRAIL_MESSAGE_MAX_CHARS + 1));
		const end = gate.end('guardrail_intervened');
		assert.equal(end.kind, 'text');
		assert.match(end.kind === 'text' ? end.text : '', /^\n\nBlocked by your guardrail/);
	});

	it('escapes every markdown punctuation mark and leaves letters, digits and spaces alone', () => {
		assert.equal(escapeMarkdown('a*b_c [d](e) 1. ~f~ &amp; <g>'), 'a\\*b\\_c \\[d\\]\\(e\\) 1\\. \\~f\\~ \\&amp\\; \\<g\\>');
	});
});
