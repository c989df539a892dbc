// The task the terminal-credential end-to-end tests run: Debian's AWS CLI v2 asks STS (the
// emulator) who it is, and the task records what its terminal's environment held.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, quickInput, runCommand, type Workbench } from './harness';

export const IDENTITY_TASK = 'aws identity';
/** A key id the tests put in the editor's own environment: it must not reach terminals while signed in. */
export const STALE_KEY_ID = 'AKIASTALESTALESTALE1';

export const IDENTITY_TASKS_JSON = JSON.stringify({
	version: '2.0.0',
	tasks: [
		{
			label: IDENTITY_TASK,
			type: 'shell',
			// AWS CLI 2.9 predates AWS_ENDPOINT_URL: the endpoint is passed on the command line.
			command:
				'/usr/bin/aws sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL" --output json > identity.out 2>&1; ' +
				'env | grep -E "^AWS_(CONTAINER_CREDENTIALS_FULL_URI|CONTAINER_AUTHORIZATION_TOKEN|REGION|ACCESS_KEY_ID)=" > container.env; echo done > task.done',
			problemMatcher: [],
			presentation: { panel: 'new', reveal: 'always' },
		},
	],
});

/** Runs the task through "Tasks: Run Task" and returns what the CLI printed (stdout and stderr). */
export async function runIdentityTask(wb: Workbench): Promise<string> {
	const file = (name: string) => join(wb.server.workspaceDir, name);
	for (const name of ['identity.out', 'container.env', 'task.done']) rmSync(file(name), { force: true });
	await runCommand(wb.page, 'Tasks: Run Task');
	await quickInput.pick(wb.page, IDENTITY_TASK);
	await eventually(() => existsSync(file('task.done')), 'the task to finish', 60_000);
	return readFileSync(file('identity.out'), 'utf8');
}
