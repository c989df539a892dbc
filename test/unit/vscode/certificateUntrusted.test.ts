// Where an untrusted server certificate (code CertificateUntrusted) meets the user: the error
// notification offers Diagnose like any network trouble, the chat banner offers Retry with the
// AWS_CA_BUNDLE action, and VS Code's Chat view gets an ordinary failure (not "no permissions").
import '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import { networkProblem } from '../../../src/aws/errorMapping';
import { toErrorView } from '../../../src/vscode/chat/chatErrors';
import { presentError } from '../../../src/vscode/errorPresenter';
import { languageModelFailure } from '../../../src/vscode/nativeChat/languageModelErrors';
import { RecordingLogger } from '../../support/recordingLogger';
import { VscodeUiRecorder } from '../../support/vscodeUiRecorder';

/** As the engine makes it from Node's TLS error (self-signed chain, e.g. a TLS-inspecting proxy). */
function untrustedCertificate() {
	const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
	const error = networkProblem(new Error('request failed', { cause: tls }));
	assert.equal(error?.code, 'CertificateUntrusted');
	return error;
}

describe('an untrusted certificate in the UI', () => {
	let ui: VscodeUiRecorder;
	beforeEach(() => {
		ui = new VscodeUiRecorder().install();
	});
	afterEach(() => ui.uninstall());

	it('the notification says what to set and offers Diagnose, not Sign in again', () => {
		presentError(untrustedCertificate(), { logger: new RecordingLogger(), showLog: () => undefined }, 'sign-in');
		const [shown] = ui.messages;
		assert.ok(shown);
		assert.match(shown.text, /certificate is not trusted.*AWS_CA_BUNDLE/);
		assert.deepEqual(shown.actions, ['Diagnose']);
	});

	it('the chat banner offers Retry and keeps the AWS_CA_BUNDLE action', () => {
		const view = toErrorView(untrustedCertificate());
		assert.equal(view.code, 'CertificateUntrusted');
		assert.deepEqual(view.actions, ['retry']);
		assert.match(view.action ?? '', /AWS_CA_BUNDLE/);
	});

	it("VS Code's Chat view gets an ordinary failure with the message and the action", () => {
		const failure = languageModelFailure(untrustedCertificate());
		assert.equal(failure.kind, 'Other');
		assert.match(failure.message, /certificate is not trusted.*AWS_CA_BUNDLE/);
	});
});
