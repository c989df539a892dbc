// Tool use in Converse: the toolConfig and turn-order rules Bedrock enforces (with its own
// messages), and which tools the fake model calls — scripted, or forced by toolChoice.
import { randomBytes } from 'node:crypto';
import type { Reply } from '../http';
import type { ConverseMessage } from '../replies';
import { bedrockValidation } from '../services/bedrockAuth';
import type { ScriptedToolUse } from '../types';
import { type Block, type ToolUseBlock, blocksOf, isObject, toolResultText, toolResultsIn, toolUsesIn } from './contentBlocks';

export interface ToolSpec {
	name: string;
	description?: string;
	inputSchema?: { json?: unknown };
}

export interface ToolConfig {
	tools: ToolSpec[];
	choice: 'auto' | 'any' | { tool: string };
}

/** The toolSpec members of toolConfig.tools (cachePoint members are skipped). */
function toolSpecs(tools: unknown[]): ToolSpec[] {
	return tools.filter(isObject).flatMap((tool) => (isObject(tool.toolSpec) ? [tool.toolSpec as unknown as ToolSpec] : []));
}

/** The request's toolConfig, or the error Bedrock gives for it; undefined when there is none. */
export function readToolConfig(params: Record<string, unknown>, modelSupportsTools: boolean): ToolConfig | Reply | undefined {
	const config = params.toolConfig;
	if (config === undefined || config === null) {
		return undefined;
	}
	if (!modelSupportsTools) {
		return bedrockValidation("This model doesn't support tool use.");
	}
	const tools = isObject(config) && Array.isArray(config.tools) ? config.tools : [];
	if (tools.length === 0) {
		return bedrockValidation(
			`1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1`,
		);
	}
	const specs = toolSpecs(tools);
	for (let i = 0; i < specs.length; i++) {
		if (typeof specs[i].name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(specs[i].name)) {
			return bedrockValidation(
				`1 validation error detected: Value '${String(specs[i].name)}' at 'toolConfig.tools.${i + 1}.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+`,
			);
		}
	}
	if (new Set(specs.map((spec) => spec.name)).size !== specs.length) {
		return bedrockValidation('The model returned the following errors: tools: Tool names must be unique.');
	}
	const choice = isObject(config) && isObject(config.toolChoice) ? config.toolChoice : { auto: {} };
	if (isObject(choice.tool)) {
		return { tools: specs, choice: { tool: String(choice.tool.name) } };
	}
	return { tools: specs, choice: isObject(choice.any) ? 'any' : 'auto' };
}

/** Bedrock's rules for toolUse/toolResult turns, checked in message order. */
export function checkToolTurns(messages: readonly ConverseMessage[], config: ToolConfig | undefined): Reply | undefined {
	const usesTools = messages.some((message) => blocksOf(message).some((block: Block) => block.toolUse !== undefined || block.toolResult !== undefined));
	if (usesTools && !config) {
		return bedrockValidation('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
	}
	for (let i = 0; i < messages.length; i++) {
		const uses = messages[i].role === 'assistant' ? toolUsesIn(messages[i]) : [];
		const results = messages[i].role === 'user' ? toolResultsIn(messages[i]) : [];
		const errorWithoutContent = blocksOf(messages[i]).findIndex(
			(block) => isObject(block.toolResult) && block.toolResult.status === 'error' && (!Array.isArray(block.toolResult.content) || block.toolResult.content.length === 0),
		);
		if (errorWithoutContent >= 0) {
			return bedrockValidation(`The content field at messages.${i}.content.${errorWithoutContent}.toolResult cannot be empty when status value is error.`);
		}
		if (results.length > 0) {
			const previousUses = i > 0 ? toolUsesIn(messages[i - 1]) : [];
			if (results.length > previousUses.length) {
				return bedrockValidation(`The number of toolResult blocks at messages.${i}.content exceeds the number of toolUse blocks of previous turn.`);
			}
		}
		if (uses.length > 0 && i + 1 < messages.length) {
			const answered = new Set(toolResultsIn(messages[i + 1]).map((result) => result.toolUseId));
			const missing = uses.map((use) => use.toolUseId).filter((id) => !answered.has(id));
			if (missing.length > 0) {
				return bedrockValidation(`Expected toolResult blocks at messages.${i + 1}.content for the following Ids: ${missing.join(', ')}`);
			}
		}
	}
	return undefined;
}

function newToolUseId(): string {
	return `tooluse_${randomBytes(16).toString('base64url').slice(0, 22)}`;
}

/** A minimal value satisfying a JSON schema: required properties only, first enum value. */
export function exampleFor(schema: unknown): unknown {
	if (!isObject(schema)) {
		return {};
	}
	if (Array.isArray(schema.enum) && schema.enum.length > 0) {
		return schema.enum[0];
	}
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	switch (type) {
		case 'string':
			return 'example';
		case 'integer':
		case 'number':
			return 1;
		case 'boolean':
			return true;
		case 'array':
			return [];
		case 'null':
			return null;
		default: {
			const properties = isObject(schema.properties) ? schema.properties : {};
			const required = Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
			return Object.fromEntries(required.map((name) => [name, exampleFor(properties[name])]));
		}
	}
}

function callOf(config: ToolConfig, scripted: ScriptedToolUse): ToolUseBlock {
	const spec = config.tools.find((tool) => tool.name === scripted.name);
	return {
		toolUseId: scripted.toolUseId ?? newToolUseId(),
		name: scripted.name,
		input: scripted.input !== undefined ? scripted.input : exampleFor(spec?.inputSchema?.json),
	};
}

/**
 * The tool calls of this reply: the scripted ones, else the one toolChoice forces (`any`: the
 * first tool; `tool`: that tool), else none. Scripted calls without a toolConfig are dropped:
 * a model offered no tools cannot call one.
 */
export function plannedToolUses(config: ToolConfig | undefined, scripted: readonly ScriptedToolUse[] | undefined): ToolUseBlock[] {
	if (!config) {
		return [];
	}
	if (scripted && scripted.length > 0) {
		return scripted.map((call) => callOf(config, call));
	}
	if (config.choice === 'any') {
		return [callOf(config, { name: config.tools[0].name })];
	}
	if (typeof config.choice === 'object') {
		return [callOf(config, { name: config.choice.tool })];
	}
	return [];
}

/** The default answer to a turn of tool results: it says what each tool returned. */
export function toolResultsAnswer(messages: readonly ConverseMessage[]): string | undefined {
	const last = messages[messages.length - 1];
	const results = last?.role === 'user' ? toolResultsIn(last) : [];
	if (results.length === 0) {
		return undefined;
	}
	const names = new Map(toolUsesIn(messages[messages.length - 2]).map((use) => [use.toolUseId, use.name]));
	return results
		.map((result) => `Tool ${names.get(result.toolUseId) ?? result.toolUseId} ${result.status === 'error' ? 'failed' : 'returned'}: ${toolResultText(result) || '(no content)'}`)
		.join('\n\n');
}
