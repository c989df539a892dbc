// serviceTier and performanceConfig: accepted for models that offer them and echoed in the
// response (Converse) or the metadata event (ConverseStream), refused otherwise.
import type { Reply } from '../http';
import { bedrockValidation } from '../services/bedrockAuth';
import { isObject } from './contentBlocks';
import type { ModelFeatures } from './modelFeatures';

const TIERS = ['default', 'flex', 'priority', 'reserved'];
const LATENCIES = ['optimized', 'standard'];

export interface ServiceOptions {
	/** What the response echoes: `{serviceTier: {type}}`, `{performanceConfig: {latency}}`. */
	echo: Record<string, unknown>;
	latencyOptimized: boolean;
}

export function readServiceOptions(params: Record<string, unknown>, features: ModelFeatures): ServiceOptions | Reply {
	const echo: Record<string, unknown> = {};
	if (params.serviceTier !== undefined) {
		const type = isObject(params.serviceTier) ? params.serviceTier.type : undefined;
		if (typeof type !== 'string' || !TIERS.includes(type)) {
			return bedrockValidation('service tier provided is invalid');
		}
		if (type === 'reserved') {
			return bedrockValidation('Reservation not found.');
		}
		if (type !== 'default' && !features.serviceTiers.includes(type)) {
			return bedrockValidation('The provided service tier is not supported for this model.');
		}
		echo.serviceTier = { type };
	}
	let latencyOptimized = false;
	if (params.performanceConfig !== undefined) {
		const latency = isObject(params.performanceConfig) ? params.performanceConfig.latency : undefined;
		if (latency !== undefined && (typeof latency !== 'string' || !LATENCIES.includes(latency))) {
			return bedrockValidation(
				`1 validation error detected: Value '${String(latency)}' at 'performanceConfig.latency' failed to satisfy constraint: Member must satisfy enum value set: [${LATENCIES.join(', ')}]`,
			);
		}
		latencyOptimized = latency === 'optimized';
		if (latencyOptimized && !features.latencyOptimized) {
			// Bedrock's wording for this refusal is not on record; the emulator names the cause.
			return bedrockValidation("The provided model doesn't support latency-optimized inference.");
		}
		echo.performanceConfig = { latency: latency ?? 'standard' };
	}
	return { echo, latencyOptimized };
}
