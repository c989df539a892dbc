// Bedrock control plane over restJson1: list and get foundation models and inference profiles,
// with the filters and the maxResults/nextToken pagination the SDK's paginators use.
import { type FoundationModel, type InferenceProfile, CATALOG_REGION, FOUNDATION_MODELS, foundationModelArn } from '../catalog';
import { type EmulatorRequest, type Reply, firstQueryValue } from '../http';
import { restJsonError, restJsonResult } from '../protocols';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import { authenticateBedrock, bedrockFailed, bedrockThrottled, bedrockValidation } from './bedrockAuth';

type Query = Record<string, string | string[]>;

const DEFAULT_PROFILE_PAGE = 2;
const OUTPUT_MODALITIES = ['TEXT', 'IMAGE', 'EMBEDDING'];
const INFERENCE_TYPES = ['ON_DEMAND', 'PROVISIONED'];
const PROFILE_TYPES = ['SYSTEM_DEFINED', 'APPLICATION'];
/** System profiles route to these regions, as the real us.* profiles do. */
const US_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'];

function enumError(value: string, member: string, allowed: string[]): Reply {
	return bedrockValidation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
}

function modelSummary(model: FoundationModel, region: string) {
	return {
		modelArn: foundationModelArn(model.modelId, region),
		modelId: model.modelId,
		modelName: model.modelName,
		providerName: model.providerName,
		inputModalities: model.inputModalities,
		outputModalities: model.outputModalities,
		responseStreamingSupported: model.responseStreamingSupported,
		customizationsSupported: [],
		inferenceTypesSupported: model.inferenceTypesSupported,
		modelLifecycle: { status: 'ACTIVE' },
	};
}

function profileSummary(profile: InferenceProfile) {
	const regions = profile.type === 'SYSTEM_DEFINED' ? US_REGIONS : [CATALOG_REGION];
	return {
		inferenceProfileName: profile.inferenceProfileName,
		description: profile.description,
		createdAt: profile.createdAt,
		updatedAt: profile.createdAt,
		inferenceProfileArn: profile.inferenceProfileArn,
		models: regions.map((region) => ({ modelArn: foundationModelArn(profile.modelId, region) })),
		inferenceProfileId: profile.inferenceProfileId,
		status: 'ACTIVE',
		type: profile.type,
	};
}

function listFoundationModels(_context: CallContext, query: Query, region: string): Reply {
	const provider = firstQueryValue(query, 'byProvider');
	const outputModality = firstQueryValue(query, 'byOutputModality');
	const inferenceType = firstQueryValue(query, 'byInferenceType');
	const customizationType = firstQueryValue(query, 'byCustomizationType');
	if (outputModality && !OUTPUT_MODALITIES.includes(outputModality)) {
		return enumError(outputModality, 'byOutputModality', OUTPUT_MODALITIES);
	}
	if (inferenceType && !INFERENCE_TYPES.includes(inferenceType)) {
		return enumError(inferenceType, 'byInferenceType', INFERENCE_TYPES);
	}
	const models = FOUNDATION_MODELS.filter(
		(model) =>
			(!provider || model.providerName.toLowerCase() === provider.toLowerCase()) &&
			(!outputModality || model.outputModalities.includes(outputModality)) &&
			(!inferenceType || model.inferenceTypesSupported.includes(inferenceType)) &&
			!customizationType, // none of the emulated models can be customised
	);
	return restJsonResult({ modelSummaries: models.map((model) => modelSummary(model, region)) });
}

function getFoundationModel(context: CallContext, identifier: string, region: string): Reply {
	const resolution = context.state.catalog.resolve(identifier);
	if (resolution.kind !== 'model' || !resolution.direct) {
		return restJsonError(404, 'ResourceNotFoundException', { message: 'Could not resolve the foundation model from the provided model identifier.' });
	}
	return restJsonResult({ modelDetails: modelSummary(resolution.model, region) });
}

function listInferenceProfiles(context: CallContext, query: Query): Reply {
	const type = firstQueryValue(query, 'type');
	const maxText = firstQueryValue(query, 'maxResults');
	const tokenText = firstQueryValue(query, 'nextToken');
	if (type && !PROFILE_TYPES.includes(type)) {
		return enumError(type, 'typeEquals', PROFILE_TYPES);
	}
	const pageSize = maxText === undefined ? DEFAULT_PROFILE_PAGE : Number(maxText);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
		return bedrockValidation(`1 validation error detected: Value '${maxText}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`);
	}
	const profiles = context.state.catalog.profiles.filter((profile) => !type || profile.type === type);
	const start = tokenText === undefined ? 0 : Number(Buffer.from(tokenText, 'base64url').toString('utf8').replace(/^offset:/, ''));
	if (!Number.isInteger(start) || start < 0 || start > profiles.length) {
		return bedrockValidation('The provided nextToken is invalid.');
	}
	const end = start + pageSize;
	return restJsonResult({
		inferenceProfileSummaries: profiles.slice(start, end).map(profileSummary),
		nextToken: end < profiles.length ? Buffer.from(`offset:${end}`).toString('base64url') : undefined,
	});
}

function getInferenceProfile(context: CallContext, identifier: string): Reply {
	const profile = context.state.catalog.profile(identifier);
	if (!profile) {
		return restJsonError(404, 'ResourceNotFoundException', { message: `Inference profile ${identifier} not found.` });
	}
	return restJsonResult(profileSummary(profile));
}

function route(request: EmulatorRequest): { operation: string; perform: (context: CallContext, region: string) => Reply } | undefined {
	if (request.method !== 'GET') {
		return undefined;
	}
	const { rawPath, query } = request;
	if (rawPath === '/foundation-models') {
		return { operation: 'bedrock:ListFoundationModels', perform: (context, region) => listFoundationModels(context, query, region) };
	}
	if (rawPath === '/inference-profiles') {
		return { operation: 'bedrock:ListInferenceProfiles', perform: (context) => listInferenceProfiles(context, query) };
	}
	const single = /^\/(foundation-models|inference-profiles)\/([^/]+)$/.exec(rawPath);
	if (!single) {
		return undefined;
	}
	const identifier = decodeURIComponent(single[2]);
	return single[1] === 'foundation-models'
		? { operation: 'bedrock:GetFoundationModel', perform: (context, region) => getFoundationModel(context, identifier, region) }
		: { operation: 'bedrock:GetInferenceProfile', perform: (context) => getInferenceProfile(context, identifier) };
}

export const bedrockControlService: EmulatedService = {
	route(request: EmulatorRequest): RoutedCall | undefined {
		const matched = route(request);
		if (!matched) {
			return undefined;
		}
		return {
			operation: matched.operation,
			params: { ...request.query },
			async handle(context) {
				const refused = await authenticateBedrock(context, request);
				return refused ?? matched.perform(context, context.record.region ?? CATALOG_REGION);
			},
		};
	},
	throttled: bedrockThrottled,
	failed: bedrockFailed,
};
