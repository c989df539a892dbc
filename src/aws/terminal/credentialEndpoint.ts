// The credential endpoint: a loopback HTTP server speaking the container-credentials protocol
// (what every AWS SDK and the AWS CLI read from AWS_CONTAINER_CREDENTIALS_FULL_URI), so that
// terminals and tasks use the editor's sign-in. Pure Node; lives in the lazily loaded engine.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsCredentials } from '../engineTypes';
import { isBedrockConnectError, type ErrorCode } from '../errors';
import type { Logger } from '../ports';
import { redactSecrets } from '../redaction';
import { RequestTally } from './requestTally';

/** Where served credentials come from: the current Connection's refreshing provider, or nothing while signed out. */
export type EndpointCredentialSource = () => Promise<(AwsCredentials & { accountId?: string }) | undefined>;

export interface CredentialEndpointOptions {
	source: EndpointCredentialSource;
	logger: Logger;
	/** The per-window authorization token; default 32 random bytes (hex). Tests pass their own. */
	token?: string;
	/** How often the request counts go to the log. Default 60 s. */
	tallyIntervalMs?: number;
}

export interface CredentialEndpoint {
	/** `http://127.0.0.1:<port>/credentials`: the value of AWS_CONTAINER_CREDENTIALS_FULL_URI. */
	readonly url: string;
	/** The value of AWS_CONTAINER_AUTHORIZATION_TOKEN. */
	readonly token: string;
	close(): Promise<void>;
}

const PATH = '/credentials';
const LOOPBACK = '127.0.0.1';
/** Failures that pass by themselves (the SDKs retry a 503); any other error of ours means signing in again. */
const PASSING_CODES: ReadonlySet<ErrorCode> = new Set(['Network', 'CertificateUntrusted', 'Throttled']);

/** Error bodies in the shape the SDKs read (`Code`, `Message`) and the CLI prints whole. */
function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
	send(res, status, { Code: code, Message: message }, headers);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

/** Constant-time comparison of the presented token with ours (length leaks nothing: both are hashed to the same size first). */
function tokenMatches(presented: string | undefined, expected: Buffer): boolean {
	if (presented === undefined) {
		return false;
	}
	const given = Buffer.from(presented, 'utf8');
	const same = given.length === expected.length;
	// Compare against itself when the lengths differ, so the time taken does not depend on the content.
	return timingSafeEqual(same ? given : expected, expected) && same;
}

/** The Host header must name exactly the address we listen on: a DNS-rebinding page sends its own host name. */
function hostAllowed(host: string | undefined, port: number): boolean {
	return host === `${LOOPBACK}:${port}`;
}

export async function startCredentialEndpoint(options: CredentialEndpointOptions): Promise<CredentialEndpoint> {
	const token = options.token ?? randomBytes(32).toString('hex');
	const expected = Buffer.from(token, 'utf8');
	const tally = new RequestTally(options.logger, options.tallyIntervalMs ?? 60_000);
	let port = 0;

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		if (!hostAllowed(req.headers.host, port)) {
			tally.count('badHost');
			sendError(res, 403, 'InvalidHost', `This credential endpoint answers only requests to ${LOOPBACK}:${port}.`);
			return;
		}
		if (req.method !== 'GET') {
			tally.count('badMethod');
			sendError(res, 405, 'MethodNotAllowed', 'Only GET is supported.', { Allow: 'GET' });
			return;
		}
		if ((req.url ?? '').split('?')[0] !== PATH) {
			tally.count('notFound');
			sendError(res, 404, 'NotFound', `Credentials are served at ${PATH}.`);
			return;
		}
		const authorization = req.headers.authorization;
		if (authorization === undefined) {
			tally.count('unauthorized');
			sendError(res, 401, 'MissingToken', 'No authorization token: AWS_CONTAINER_AUTHORIZATION_TOKEN is not set in this process. Open a new terminal in the editor.');
			return;
		}
		if (!tokenMatches(authorization, expected)) {
			tally.count('forbidden');
			sendError(res, 403, 'InvalidToken', 'The authorization token is not this editor window\'s. Open a new terminal in the editor window you signed in with.');
			return;
		}
		try {
			const credentials = await options.source();
			if (!credentials) {
				tally.count('signedOut');
				sendError(res, 401, 'SignedOut', 'The editor is not signed in to AWS. Run the command AWS: Sign In… in the editor, then run this command again.');
				return;
			}
			tally.count('served');
			send(res, 200, {
				AccessKeyId: credentials.accessKeyId,
				SecretAccessKey: credentials.secretAccessKey,
				// Long-term keys have no token; the SDKs require the field, and an empty one adds no header.
				Token: credentials.sessionToken ?? '',
				Expiration: credentials.expiration.toISOString(),
				...(credentials.accountId ? { AccountId: credentials.accountId } : {}),
			});
		} catch (error) {
			tally.count('failed');
			const message = error instanceof Error ? redactSecrets(error.message) : 'The credentials could not be renewed.';
			const action = isBedrockConnectError(error) && error.action ? ` ${error.action}` : '';
			// 401 for "the user must sign in again", 503 for a passing failure (the SDKs retry those).
			const mustSignIn = isBedrockConnectError(error) && !PASSING_CODES.has(error.code);
			// The CLI prints the JSON body as it is: single quotes read better there than escaped double ones.
			const text = `The editor's AWS sign-in could not provide credentials: ${message}${action}`.replace(/"/g, "'");
			sendError(res, mustSignIn ? 401 : 503, mustSignIn ? 'SignInRequired' : 'Unavailable', text);
		}
	};

	const server = createServer((req, res) => {
		handle(req, res).catch(() => {
			if (!res.headersSent) {
				sendError(res, 500, 'InternalError', 'The credential endpoint failed.');
			} else {
				res.destroy();
			}
		});
	});
	// Short-lived clients (the CLI, one request each): do not let idle sockets pile up.
	server.keepAliveTimeout = 5_000;
	server.headersTimeout = 10_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, LOOPBACK, () => {
			server.off('error', reject);
			resolve();
		});
	});
	port = (server.address() as AddressInfo).port;
	options.logger.info(`credential endpoint listening on ${LOOPBACK}:${port}`);

	return {
		url: `http://${LOOPBACK}:${port}${PATH}`,
		token,
		close: () =>
			new Promise<void>((resolve) => {
				tally.stop();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
