// The real credential engine and Bedrock service wired to the emulator, with a clock the test
// can move forward (to make refreshes due) while SigV4 and the emulator keep real time.
import type { Engine, Connection, SignInSpec } from '../../../src/aws/engineTypes';
import type { BedrockService, ChatTurn, StreamEvent } from '../../../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { createEngine } from '../../../src/aws/credentialEngine';
import type { EngineDeps } from '../../../src/aws/engineTypes';
import { MemorySecretStore } from '../../support/memorySecretStore';
import { RecordingLogger } from '../../support/recordingLogger';
import { ShiftedClock } from '../../support/shiftedClock';
import { SSO_REGION, START_URL } from '../../support/ssoFixtures';

export { START_URL, SSO_REGION };
export const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';

export { ShiftedClock };

export interface EngineUnderTest {
	engine: Engine;
	secrets: MemorySecretStore;
	logger: RecordingLogger;
	clock: ShiftedClock;
	dispose(): void;
}

export function startEngine(options: { secrets?: MemorySecretStore; deps?: Partial<EngineDeps> } = {}): EngineUnderTest {
	const secrets = options.secrets ?? new MemorySecretStore();
	const logger = new RecordingLogger();
	const clock = new ShiftedClock({ cutShortSleeps: true });
	const engine = createEngine({ secrets, logger, clock, ...options.deps });
	return { engine, secrets, logger, clock, dispose: () => engine.dispose() };
}

/** Device-flow sign-in; the emulator must approve by itself (autoApproveAfterPolls). */
export async function signInWithSso(engine: Engine, startUrl = START_URL): Promise<void> {
	await engine.signInWithSso({ startUrl, ssoRegion: SSO_REGION, signal: new AbortController().signal, onDeviceCode: () => undefined });
}

export const SSO_SPEC: SignInSpec = { method: 'sso', startUrl: START_URL, ssoRegion: SSO_REGION, accountId: '111111111111', roleName: 'BedrockUser' };

export interface ChatUnderTest {
	session: Connection;
	bedrock: BedrockService;
	/** The conversation so far, as the chat keeps it. */
	history: ChatTurn[];
	/** Sends one user message; on success appends the turn and the reply to the history. */
	send(text: string, options?: { signal?: AbortSignal }): Promise<{ reply: string; events: StreamEvent[] }>;
	dispose(): void;
}

/** A conversation the way the chat host runs one: the history grows only by completed turns. */
export function openChat(
	underTest: EngineUnderTest,
	options: { spec?: SignInSpec; region?: string; history?: ChatTurn[] } = {},
): ChatUnderTest {
	const session = underTest.engine.openConnection(options.spec ?? SSO_SPEC, options.region ?? 'us-east-1');
	const bedrock = createBedrockService({ session, logger: underTest.logger, clock: underTest.clock });
	const history: ChatTurn[] = options.history ?? [];
	return {
		session,
		bedrock,
		history,
		async send(text, options = {}) {
			const events: StreamEvent[] = [];
			const messages: ChatTurn[] = [...history, { role: 'user', text }];
			await bedrock.converseStream(
				{ modelId: MODEL_ID, messages },
				{ signal: options.signal ?? new AbortController().signal, onEvent: (event) => events.push(event) },
			);
			const reply = textOf(events);
			history.push({ role: 'user', text }, { role: 'assistant', text: reply });
			return { reply, events };
		},
		dispose() {
			bedrock.dispose();
			session.dispose();
		},
	};
}

export function textOf(events: StreamEvent[]): string {
	return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

/** Runs `call` and hands back the BedrockConnectError it throws (fails the test if it resolves). */
export async function failureOf(call: () => Promise<unknown>): Promise<{ code: string; message: string; action?: string; name: string }> {
	try {
		await call();
	} catch (error) {
		return error as { code: string; message: string; action?: string; name: string };
	}
	throw new Error('expected the call to fail, but it succeeded');
}
