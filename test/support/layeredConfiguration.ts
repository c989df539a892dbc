// A stand-in for vscode.workspace.getConfiguration with settings layers: get() merges like VS Code's
// (folder, workspace, user, default) and inspect() shows each layer, so user-only reads can be tested.
import * as vscode from 'vscode';

export type Layers = { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown };

export function configurationWith(section: string, values: Record<string, Layers>): vscode.WorkspaceConfiguration {
	const full = (key: string) => values[`${section}.${key}`];
	return {
		get: (key: string, fallback?: unknown) => {
			const v = full(key);
			return v?.workspaceFolderValue ?? v?.workspaceValue ?? v?.globalValue ?? v?.defaultValue ?? fallback;
		},
		has: (key: string) => full(key) !== undefined,
		inspect: (key: string) => (full(key) ? { key: `${section}.${key}`, ...full(key) } : undefined),
		update: async () => undefined,
	} as unknown as vscode.WorkspaceConfiguration;
}

/** Replaces vscode.workspace.getConfiguration for each test of the calling suite; returns the layers to fill. */
export function useLayeredConfiguration(): { values: Record<string, Layers> } {
	const workspace = vscode.workspace as unknown as { getConfiguration: (section: string) => vscode.WorkspaceConfiguration };
	const original = workspace.getConfiguration;
	const state = { values: {} as Record<string, Layers> };
	beforeEach(() => {
		state.values = {};
		workspace.getConfiguration = (section: string) => configurationWith(section, state.values);
	});
	afterEach(() => {
		workspace.getConfiguration = original;
	});
	return state;
}
