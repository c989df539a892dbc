// Calls every service Bedrock Connect uses — STS, SSO-OIDC, SSO, Bedrock, Bedrock Runtime — with
// the real SDK clients built on the network layer's handlers, for the trust and proxy suites.
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Emulator } from '../../emulator';
import { BEDROCK_RUNTIME_SERVICE, endpointFor, http2HandlerFor, httpHandlerFor } from '../../../src/aws/network/httpHandlers';
import type { NetworkSettings } from '../../../src/aws/network/networkSettings';

export { START_URL } from '../../support/ssoFixtures';
import { START_URL } from '../../support/ssoFixtures';
export const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const TIMEOUTS = { requestTimeout: 10_000, connectionTimeout: 5_000 };

export type ServiceName = 'sts' | 'sso-oidc' | 'sso' | 'bedrock' | 'bedrock-runtime';
export const SERVICES: readonly ServiceName[] = ['sts', 'sso-oidc', 'sso', 'bedrock', 'bedrock-runtime'];

/** One client of each kind, each with its own handler (client.destroy() closes its handler). */
export function clientsFor(settings: NetworkSettings, emulator: Emulator) {
	const region = emulator.region;
	const common = { region, maxAttempts: 1 };
	const key = emulator.control.createAccessKey();
	const runtimeHandler = http2HandlerFor(endpointFor(BEDROCK_RUNTIME_SERVICE, region, process.env), settings, { requestTimeout: TIMEOUTS.requestTimeout });
	return {
		runtimeProtocol: runtimeHandler.metadata.handlerProtocol,
		sts: new STSClient({ ...common, credentials: key, requestHandler: httpHandlerFor(settings, TIMEOUTS) }),
		oidc: new SSOOIDCClient({ ...common, requestHandler: httpHandlerFor(settings, TIMEOUTS) }),
		sso: new SSOClient({ ...common, requestHandler: httpHandlerFor(settings, TIMEOUTS) }),
		bedrock: new BedrockClient({ ...common, credentials: key, authSchemePreference: ['sigv4'], requestHandler: httpHandlerFor(settings, TIMEOUTS) }),
		runtime: new BedrockRuntimeClient({ ...common, credentials: key, authSchemePreference: ['sigv4'], requestHandler: runtimeHandler }),
		destroy() {
			for (const client of [this.sts, this.oidc, this.sso, this.bedrock, this.runtime]) client.destroy();
		},
	};
}

export type Clients = ReturnType<typeof clientsFor>;

/** Calls one service; resolves with a short proof of success. The emulator must auto-approve device codes. */
export async function call(clients: Clients, service: ServiceName): Promise<string> {
	switch (service) {
		case 'sts':
			return (await clients.sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
		case 'sso-oidc':
			return (await clients.oidc.send(new RegisterClientCommand({ clientName: 'network-test', clientType: 'public' }))).clientId ?? '';
		case 'sso': {
			const registration = await clients.oidc.send(new RegisterClientCommand({ clientName: 'network-test', clientType: 'public' }));
			const device = await clients.oidc.send(
				new StartDeviceAuthorizationCommand({ clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl: START_URL }),
			);
			const token = await clients.oidc.send(
				new CreateTokenCommand({
					clientId: registration.clientId,
					clientSecret: registration.clientSecret,
					grantType: 'urn:ietf:params:oauth:grant-type:device_code',
					deviceCode: device.deviceCode,
				}),
			);
			const accounts = await clients.sso.send(new ListAccountsCommand({ accessToken: token.accessToken }));
			return (accounts.accountList ?? []).map((account) => account.accountId).join(',');
		}
		case 'bedrock':
			return String((await clients.bedrock.send(new ListFoundationModelsCommand({}))).modelSummaries?.length ?? 0);
		case 'bedrock-runtime': {
			const response = await clients.runtime.send(new ConverseStreamCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'hello over the network' }] }] }));
			let text = '';
			for await (const event of response.stream ?? []) {
				text += event.contentBlockDelta?.delta?.text ?? '';
			}
			return text;
		}
	}
}

/** The error a call fails with (throws if it succeeds). */
export async function failure(clients: Clients, service: ServiceName): Promise<unknown> {
	try {
		await call(clients, service);
	} catch (error) {
		return error;
	}
	throw new Error(`${service} succeeded, but should have failed`);
}

/** The text a user or a log could see of an error: message, name, code, causes. */
export function visibleText(error: unknown): string {
	const parts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 8; depth++) {
		const e = current as { message?: unknown; name?: unknown; code?: unknown; stack?: unknown; cause?: unknown };
		parts.push(String(e.name ?? ''), String(e.message ?? ''), String(e.code ?? ''), String(e.stack ?? ''));
		current = e.cause;
	}
	try {
		parts.push(JSON.stringify(error));
	} catch {
		// cyclic: the fields above are what matters
	}
	return parts.join('\n');
}
