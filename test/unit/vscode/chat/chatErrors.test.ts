// The error banner's words and buttons for each failure the chat can meet.
import * as assert from 'node:assert/strict';
import { BedrockConnectError } from '../../../../src/aws/errors';
import { noModelView, retryingText, signInRequiredView, toErrorView } from '../../../../src/vscode/chat/chatErrors';

describe('chat error banner content', () => {
	it('shows the engine message and action, with Sign in for SignInRequired', () => {
		const view = toErrorView(new BedrockConnectError('SignInRequired', 'Your SSO session has ended.', { action: 'Sign in again.' }));
		assert.deepEqual(view, { code: 'SignInRequired', message: 'Your SSO session has ended.', action: 'Sign in again.', actions: ['signIn'] });
		assert.deepEqual(signInRequiredView().actions, ['signIn']);
	});

	it('offers Retry for throttling, with a default action when the engine gave none', () => {
		const view = toErrorView(new BedrockConnectError('Throttled', 'Too many requests.'));
		assert.deepEqual(view.actions, ['retry']);
		assert.match(view.action ?? '', /retry/i);
	});

	it('offers another model for access and readiness problems, and never Retry for validation', () => {
		assert.deepEqual(toErrorView(new BedrockConnectError('ModelAccessDenied', 'No access.')).actions, ['chooseModel', 'retry']);
		assert.deepEqual(toErrorView(new BedrockConnectError('ModelNotReady', 'Use a profile.')).actions, ['chooseModel']);
		assert.ok(!toErrorView(new BedrockConnectError('Validation', 'Bad request.')).actions.includes('retry'));
		assert.deepEqual(noModelView().actions, ['chooseModel']);
	});

	it('does not show the text of unknown errors (they may carry anything)', () => {
		const view = toErrorView(new Error('secret AKIAIOSFODNN7EXAMPLE in a message'));
		assert.equal(view.code, 'Unknown');
		assert.doesNotMatch(JSON.stringify(view), /AKIA/);
	});

	it('recognises errors from the other bundle by name and code, not instanceof', () => {
		const foreign = Object.assign(new Error('Slow down.'), { name: 'BedrockConnectError', code: 'Throttled' });
		assert.equal(toErrorView(foreign).code, 'Throttled');
	});

	it('describes the service retrying', () => {
		assert.equal(retryingText('throttled', 2, 2400), 'Throttled by Bedrock; waiting to retry in 2 s (attempt 2)…');
		assert.match(retryingText('credentialsRefreshed', 1), /refreshed/);
	});
});
