// Calls the Bedrock control plane for the model picker: foundation models with text output,
// and system-defined plus application inference profiles (paginated). A listing the identity
// may not call becomes a warning, never a failure.

import {
	ListFoundationModelsCommand,
	ListInferenceProfilesCommand,
	type BedrockClient,
	type InferenceProfileType,
} from '@aws-sdk/client-bedrock';
import type { ModelCatalogue } from './bedrockTypes';
import { isCancellation } from '../errors';
import { isExpiredCredentialError, isNetworkError } from './errorClassification';
import { buildModelCatalogue, type FoundationModelInfo, type InferenceProfileInfo } from './modelCatalogue';

/** Guards against a service that keeps returning a nextToken. */
const MAX_PROFILE_PAGES = 50;

type Listing<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(work: Promise<T>): Promise<Listing<T>> {
	try {
		return { ok: true, value: await work };
	} catch (error) {
		return { ok: false, error };
	}
}

/** Failures that must reach the caller (to refresh credentials, stop, or report the network), not become a warning. */
function mustPropagate(error: unknown): boolean {
	return isExpiredCredentialError(error) || isCancellation(error) || isNetworkError(error);
}

function isAccessDenied(error: unknown): boolean {
	const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
	return e?.name === 'AccessDeniedException' || e?.$metadata?.httpStatusCode === 403;
}

async function listFoundationModels(client: BedrockClient, signal?: AbortSignal): Promise<FoundationModelInfo[]> {
	const response = await client.send(new ListFoundationModelsCommand({ byOutputModality: 'TEXT' }), { abortSignal: signal });
	return (response.modelSummaries ?? [])
		.filter((m) => m.modelId)
		.map((m) => ({
			modelId: m.modelId as string,
			...(m.modelArn ? { modelArn: m.modelArn } : {}),
			...(m.modelName ? { modelName: m.modelName } : {}),
			...(m.providerName ? { providerName: m.providerName } : {}),
			...(m.inputModalities ? { inputModalities: m.inputModalities } : {}),
			...(m.outputModalities ? { outputModalities: m.outputModalities } : {}),
			...(m.responseStreamingSupported !== undefined ? { responseStreamingSupported: m.responseStreamingSupported } : {}),
			...(m.inferenceTypesSupported ? { inferenceTypesSupported: m.inferenceTypesSupported } : {}),
			...(m.modelLifecycle?.status ? { lifecycleStatus: m.modelLifecycle.status } : {}),
		}));
}

async function listInferenceProfiles(
	client: BedrockClient,
	type: InferenceProfileType,
	signal?: AbortSignal,
): Promise<InferenceProfileInfo[]> {
	const profiles: InferenceProfileInfo[] = [];
	let nextToken: string | undefined;
	for (let page = 0; page < MAX_PROFILE_PAGES; page++) {
		const response = await client.send(
			new ListInferenceProfilesCommand({ typeEquals: type, ...(nextToken ? { nextToken } : {}) }),
			{ abortSignal: signal },
		);
		for (const p of response.inferenceProfileSummaries ?? []) {
			if (!p.inferenceProfileId) continue;
			profiles.push({
				id: p.inferenceProfileId,
				...(p.inferenceProfileArn ? { arn: p.inferenceProfileArn } : {}),
				...(p.inferenceProfileName ? { name: p.inferenceProfileName } : {}),
				type: p.type ?? type,
				...(p.status ? { status: p.status } : {}),
				modelArns: (p.models ?? []).map((m) => m.modelArn).filter((arn): arn is string => !!arn),
			});
		}
		nextToken = response.nextToken;
		if (!nextToken) break;
	}
	return profiles;
}

function warningFor(what: string, permission: string, error: unknown): string {
	if (isAccessDenied(error)) return `Not allowed to list ${what} (${permission}); ${what === 'foundation models' ? 'showing inference profiles only' : 'using the standard cross-region ids'}.`;
	const e = error as { name?: string };
	return `Could not list ${what} (${e?.name ?? 'error'}); the list may be incomplete.`;
}

export async function listModelCatalogue(client: BedrockClient, region: string, signal?: AbortSignal): Promise<ModelCatalogue> {
	const [foundation, systemProfiles, applicationProfiles] = await Promise.all([
		settle(listFoundationModels(client, signal)),
		settle(listInferenceProfiles(client, 'SYSTEM_DEFINED', signal)),
		settle(listInferenceProfiles(client, 'APPLICATION', signal)),
	]);
	const listings = [foundation, systemProfiles, applicationProfiles];
	for (const listing of listings) if (!listing.ok && mustPropagate(listing.error)) throw listing.error;
	// Nothing listed and not for lack of permission: report the real problem rather than guess.
	const failures = listings.filter((l): l is { ok: false; error: unknown } => !l.ok);
	if (failures.length === listings.length && !failures.some((f) => isAccessDenied(f.error))) throw failures[0]?.error;

	const warnings: string[] = [];
	if (!foundation.ok) warnings.push(warningFor('foundation models', 'bedrock:ListFoundationModels', foundation.error));
	let profiles: InferenceProfileInfo[] | undefined;
	if (systemProfiles.ok || applicationProfiles.ok) {
		profiles = [...(systemProfiles.ok ? systemProfiles.value : []), ...(applicationProfiles.ok ? applicationProfiles.value : [])];
	}
	const profileFailure = !systemProfiles.ok ? systemProfiles.error : !applicationProfiles.ok ? applicationProfiles.error : undefined;
	if (profileFailure !== undefined) warnings.push(warningFor('inference profiles', 'bedrock:ListInferenceProfiles', profileFailure));

	return buildModelCatalogue({
		region,
		...(foundation.ok ? { foundationModels: foundation.value } : {}),
		...(profiles ? { profiles } : {}),
		warnings,
	});
}
