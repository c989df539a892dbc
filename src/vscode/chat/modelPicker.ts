// "Bedrock: Select Model…": a quick pick over the region's models plus an entry to paste any
// model id or ARN (for models the listing cannot show, e.g. without list permissions).
// The choice is remembered in the global setting bedrockConnect.chat.modelId.
import * as vscode from 'vscode';
import type { ModelCatalogue } from '../../aws/bedrock/bedrockTypes';
import { isBedrockConnectError } from '../../aws/errors';
import { toModelChoices, validateModelId } from './modelChoices';

export const MODEL_SETTING = 'chat.modelId';

/**
 * The id we last wrote, until the extension host's configuration reflects it: `update()`
 * resolves before the host's copy of the settings changes, and a send right after choosing
 * a model must use the new one.
 */
let written: string | undefined;

export function configuredModelId(): string {
	return written ?? vscode.workspace.getConfiguration('bedrockConnect').get<string>(MODEL_SETTING, '').trim();
}

export async function rememberModelId(modelId: string): Promise<void> {
	written = modelId;
	try {
		await vscode.workspace.getConfiguration('bedrockConnect').update(MODEL_SETTING, modelId, vscode.ConfigurationTarget.Global);
	} catch (e) {
		written = undefined;
		throw e;
	}
}

/** Forgets the written id once VS Code reports the setting changed (ours, or the user's own edit). */
export function trackModelSetting(): vscode.Disposable {
	return vscode.workspace.onDidChangeConfiguration((e) => {
		if (e.affectsConfiguration(`bedrockConnect.${MODEL_SETTING}`)) {
			written = undefined;
		}
	});
}

interface ModelPickItem extends vscode.QuickPickItem {
	modelId?: string;
	paste?: boolean;
}

async function pickItems(catalogue: Promise<ModelCatalogue> | undefined, current: string): Promise<{ items: ModelPickItem[]; note?: string }> {
	const paste: ModelPickItem = {
		label: '$(edit) Paste a model id or ARN…',
		detail: 'Any foundation-model id, inference-profile id, or ARN of either',
		paste: true,
		alwaysShow: true,
	};
	let listed: ModelCatalogue | undefined;
	let note: string | undefined;
	if (!catalogue) {
		note = 'Sign in to AWS to list the models of your region.';
	} else {
		try {
			listed = await catalogue;
			note = listed.warnings.join(' ') || undefined;
		} catch (e) {
			note = isBedrockConnectError(e) ? e.message : 'The model list could not be loaded.';
		}
	}
	const items: ModelPickItem[] = [paste];
	let group = '';
	for (const choice of toModelChoices(listed, current)) {
		if (choice.group !== group) {
			group = choice.group;
			items.push({ label: group, kind: vscode.QuickPickItemKind.Separator });
		}
		items.push({
			label: choice.label,
			description: choice.id === current ? '(current)' : undefined,
			detail: choice.label === choice.id ? undefined : choice.id,
			modelId: choice.id,
		});
	}
	return { items, note };
}

/**
 * Shows the picker and stores the choice; resolves to the chosen id, or undefined when the
 * user cancelled. `catalogue` is undefined when signed out (only pasting is possible then).
 */
export async function pickModel(catalogue: Promise<ModelCatalogue> | undefined): Promise<string | undefined> {
	const current = configuredModelId();
	const quickPick = vscode.window.createQuickPick<ModelPickItem>();
	quickPick.title = 'Bedrock model';
	quickPick.placeholder = 'Loading models…';
	quickPick.busy = true;
	quickPick.matchOnDetail = true;
	quickPick.items = [];
	const chosen = new Promise<ModelPickItem | undefined>((resolve) => {
		quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
		quickPick.onDidHide(() => resolve(undefined));
	});
	quickPick.show();
	void pickItems(catalogue, current).then(({ items, note }) => {
		quickPick.items = items;
		quickPick.busy = false;
		quickPick.placeholder = note ?? 'Choose the model for Bedrock Chat';
	});
	const item = await chosen;
	quickPick.dispose();
	if (!item) {
		return undefined;
	}
	let modelId = item.modelId;
	if (item.paste) {
		modelId = (await vscode.window.showInputBox({
			title: 'Bedrock model id or ARN',
			prompt: 'e.g. us.anthropic.claude-3-5-haiku-20241022-v1:0 or arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc',
			value: current,
			ignoreFocusOut: true,
			validateInput: validateModelId,
		}))?.trim();
	}
	if (!modelId) {
		return undefined;
	}
	await rememberModelId(modelId);
	return modelId;
}
