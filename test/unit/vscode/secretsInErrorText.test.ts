// A secret inside an error's message must not come out of any exit to the UI: the error
// notification, the status-bar tooltip, the chat banner (issue #13: the SDK's
// "Command failed: <command line>" reached them all).
import '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import { BedrockConnectError } from '../../../src/aws/errors';
import { toErrorView } from '../../../src/vscode/chat/chatErrors';
import { presentError } from '../../../src/vscode/errorPresenter';
import { formatStatus, type IdentityDisplay } from '../../../src/vscode/statusFormat';
import { RecordingLogger } from '../../support/recordingLogger';
import { VscodeUiRecorder } from '../../support/vscodeUiRecorder';

const PASSWORD = 'Hunter2Pass';
const LEAKY_MESSAGE = `Command failed: /opt/corp/get-creds --password ${PASSWORD}\nlogin expired`;
const leakyError = () => new BedrockConnectError('CredentialProcessFailed', LEAKY_MESSAGE, { action: `Run get-creds --token tok-secret-55 again.` });

const display: IdentityDisplay = { method: 'profile', methodLabel: 'Profile dev', name: 'alice', accountId: '123456789012', region: 'us-east-1', canRefresh: true };

describe('secrets in error text do not reach the UI', () => {
	let ui: VscodeUiRecorder;
	beforeEach(() => {
		ui = new VscodeUiRecorder().install();
	});
	afterEach(() => ui.uninstall());

	for (const [label, error] of [
		['a BedrockConnectError', leakyError()],
		['an unexpected error', new Error(LEAKY_MESSAGE)],
	] as const) {
		it(`the error notification for ${label} (even without a redactor passed in)`, () => {
			presentError(error, { logger: new RecordingLogger(), showLog: () => undefined });
			const shown = ui.messages.map((m) => m.text).join('\n');
			assert.ok(shown.length > 0);
			assert.ok(!shown.includes(PASSWORD) && !shown.includes('tok-secret-55'), shown);
		});
	}

	it('the status-bar tooltip, signed in and signed out', () => {
		for (const input of [
			{ state: 'error' as const, display, errorMessage: LEAKY_MESSAGE, now: 0, warningMinutes: 10 },
			{ state: 'error' as const, errorMessage: LEAKY_MESSAGE, now: 0, warningMinutes: 10 },
		]) {
			const view = formatStatus(input);
			assert.ok(!view.tooltip.includes(PASSWORD), view.tooltip);
			assert.match(view.tooltip, /login expired/);
		}
	});

	it('the chat banner', () => {
		const view = toErrorView(leakyError());
		assert.ok(!view.message.includes(PASSWORD), view.message);
		assert.ok(!(view.action ?? '').includes('tok-secret-55'), view.action);
		assert.match(view.message, /login expired/);
	});
});
