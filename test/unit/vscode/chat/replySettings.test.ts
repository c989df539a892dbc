// The chat's feature settings as a turn reads them: enums fall back to their default when
// hand-edited out of range, and the guardrail comes from user settings only (a repository
// must not swap or remove the organisation's guardrail).
import '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { configuredReplySettings, guardrailSetting, reasoningLevel } from '../../../../src/vscode/chat/replySettings';

type Layers = { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown };

function configurationWith(values: Record<string, Layers>): vscode.WorkspaceConfiguration {
	return {
		get: (key: string, fallback?: unknown) => values[key]?.workspaceValue ?? values[key]?.globalValue ?? values[key]?.defaultValue ?? fallback,
		has: (key: string) => values[key] !== undefined,
		inspect: (key: string) => (values[key] ? { key, ...values[key] } : undefined),
		update: async () => undefined,
	} as unknown as vscode.WorkspaceConfiguration;
}

describe('chat reply settings', () => {
	const workspace = vscode.workspace as unknown as { getConfiguration: (section: string) => vscode.WorkspaceConfiguration };
	const original = workspace.getConfiguration;
	let values: Record<string, Layers>;
	beforeEach(() => {
		values = {};
		workspace.getConfiguration = () => configurationWith(values);
	});
	afterEach(() => {
		workspace.getConfiguration = original;
	});

	it('reads reasoning, caching, tier, latency and prices, with their defaults', () => {
		const defaults = configuredReplySettings();
		assert.deepEqual([defaults.reasoning, defaults.promptCaching, defaults.serviceTier, defaults.performance, defaults.guardrail], ['off', true, 'default', 'standard', undefined]);
		values = { reasoning: { globalValue: 'high' }, promptCaching: { globalValue: false }, serviceTier: { globalValue: 'flex' }, performance: { globalValue: 'optimized' }, prices: { globalValue: { m: { input: 1, output: 2 } } } };
		const set = configuredReplySettings();
		assert.deepEqual([set.reasoning, set.promptCaching, set.serviceTier, set.performance, set.prices], ['high', false, 'flex', 'optimized', { m: { input: 1, output: 2 } }]);
	});

	it('treats out-of-range values as the default', () => {
		assert.equal(reasoningLevel('extreme'), 'off');
		values = { serviceTier: { globalValue: 'platinum' }, performance: { globalValue: 42 } };
		assert.deepEqual([configuredReplySettings().serviceTier, configuredReplySettings().performance], ['default', 'standard']);
	});

	it('takes the guardrail from user settings only: a workspace can neither set, swap nor remove it', () => {
		values = { guardrail: { defaultValue: {}, workspaceValue: { identifier: 'weak', version: '1' } } };
		assert.equal(configuredReplySettings().guardrail, undefined);
		values = { guardrail: { defaultValue: {}, globalValue: { identifier: 'corp', version: '3' }, workspaceValue: {} } };
		assert.deepEqual(configuredReplySettings().guardrail, { identifier: 'corp', version: '3' });
	});

	it('treats an empty guardrail as none and passes anything else on for the engine to check', () => {
		assert.deepEqual(guardrailSetting({}), {});
		assert.deepEqual(guardrailSetting(''), {});
		assert.deepEqual(guardrailSetting({ identifier: 'x' }), { guardrail: { identifier: 'x' } });
	});
});
