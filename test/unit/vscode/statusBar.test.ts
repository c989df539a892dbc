import { vscodeStub } from '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { SignInSnapshot } from '../../../src/vscode/signIn/signInState';
import { IdentityStatusBar } from '../../../src/vscode/statusBar';
import { ManualExpiryClock, MINUTE, START } from '../../support/signInFakes';

describe('identity status bar', () => {
	it('renders the snapshot, on each change and on each tick of the shared expiry clock', () => {
		const items: vscode.StatusBarItem[] = [];
		const window = vscodeStub.window as unknown as { createStatusBarItem: (...args: unknown[]) => vscode.StatusBarItem };
		const original = window.createStatusBarItem;
		window.createStatusBarItem = (...args) => {
			const item = original(...args);
			items.push(item);
			return item;
		};
		const listeners: Array<() => void> = [];
		const signIn = {
			snapshot: { state: 'signedOut' } as SignInSnapshot,
			onDidChangeConnection: (listener: () => void) => {
				listeners.push(listener);
				return { dispose: () => undefined };
			},
		};
		const clock = new ManualExpiryClock();
		const bar = new IdentityStatusBar(signIn, clock, () => 10);
		try {
			const item = items[0];
			assert.ok(item);
			assert.equal(item.text, '$(account) AWS: Sign In');
			assert.equal(item.command, 'bedrockConnect.statusMenu');
			signIn.snapshot = {
				state: 'signedIn',
				display: { method: 'environment', methodLabel: 'Environment variables', name: 'alice', accountId: '123456789012', region: 'us-east-1', canRefresh: false, expiresAt: START + 15 * MINUTE },
			};
			listeners.forEach((l) => l());
			assert.equal(item.text, '$(account) alice · 123456789012 · 15m');
			assert.equal(item.backgroundColor, undefined);
			clock.advance(6 * MINUTE);
			assert.equal(item.text, '$(account) alice · 123456789012 · 9m');
			assert.equal((item.backgroundColor as { id?: string } | undefined)?.id, 'statusBarItem.warningBackground');
			assert.equal(clock.subscribers, 1, 'no timer of its own: one subscription to the shared clock');
		} finally {
			bar.dispose();
			window.createStatusBarItem = original;
		}
	});
});
