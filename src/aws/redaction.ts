// The one redactor: removes secrets from text before it reaches the log or the UI — the known
// shapes of AWS keys and tokens, plus (for the log) the exact values registered at run time
// (pasted keys, stored tokens, env). Pure and small: the activation bundle includes it.

const MASK = '[REDACTED]';

/** Names of fields and variables whose value is always a secret. */
const SECRET_NAMES =
	'accessToken|refreshToken|idToken|clientSecret|secretAccessKey|sessionToken|deviceCode|bearerToken|apiKey|password|' +
	'aws_secret_access_key|aws_session_token|aws_security_token|AWS_BEARER_TOKEN_BEDROCK|' +
	'x-amz-security-token|x-amz-sso_bearer_token|X-Amz-Signature|X-Amz-Credential|Authorization|' +
	// snake_case (OAuth, SSO-OIDC, the CLI cache) and PascalCase (credential_process JSON, STS) forms.
	'access_token|refresh_token|id_token|client_secret|device_code|code_verifier|api_key|secret_access_key|session_token|' +
	'ExternalId|external_id';

/** Command-line flags whose next word (or =value) is a secret. */
const SECRET_FLAGS = 'password|passwd|pw|pass|token|secret|client-secret|api-key|access-token|refresh-token|session-token|secret-access-key|external-id';

type Replacer = string | ((match: string, ...groups: string[]) => string);

const RULES: ReadonlyArray<readonly [RegExp, Replacer]> = [
	// A failed command's message (Node's exec, the SDK's credential_process) starts with the
	// whole command line, which may hold a password: only what follows it (stderr) is kept.
	[/\bCommand failed: [^\n]*/g, 'Command failed: [command line hidden]'],
	// --password hunter2, --token=abc
	[new RegExp(`(^|\\s)(--?(?:${SECRET_FLAGS}))(=|\\s+)(?!\\[REDACTED)[^\\s"']+`, 'gi'), (_m, lead: string, flag: string, sep: string) => `${lead}${flag}${sep}${MASK}`],
	// JSON fields: "accessToken":"…", and the same inside a stringified blob (\"accessToken\":\"…\").
	[new RegExp(`"(${SECRET_NAMES})"\\s*:\\s*"[^"]*"`, 'gi'), `"$1":"${MASK}"`],
	[new RegExp(`\\\\"(${SECRET_NAMES})\\\\"\\s*:\\s*\\\\"(?:[^"\\\\]|\\\\[^"])*\\\\"`, 'gi'), `\\"$1\\":\\"${MASK}\\"`],
	// key=value and header forms: AWS_SESSION_TOKEN=…, x-amz-security-token: …, ?X-Amz-Signature=…
	// (also URL-encoded: X-Amz-Security-Token%3D…%26, as in a redirect parameter)
	[
		new RegExp(`(?:\\b|(?<=%3F|%26))(${SECRET_NAMES})(\\s*(?:[=:]|%3D|%3A)\\s*)(?!\\[REDACTED)(?:Bearer\\s+)?((?:(?!%26)[^\\s&"',;}])+)`, 'gi'),
		(_m, name: string, sep: string) => `${name}${sep}${MASK}`,
	],
	[/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/g, `Bearer ${MASK}`],
	// JSON Web Tokens (SSO id tokens, some bearer tokens).
	[/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, MASK],
	// Bedrock API keys: long-term (ABSK…) and short-term (bedrock-api-key-…).
	[/\bABSK[A-Za-z0-9+/=]{16,}/g, MASK],
	[/\bbedrock-api-key-[A-Za-z0-9+/=%._-]+/g, MASK],
	// Access key ids keep their 4-letter prefix: it tells long-term from temporary keys.
	[/\b(AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{12,}\b/g, (_m, prefix: string) => `${prefix}${'*'.repeat(4)}`],
	// Secret access keys: 40 characters of base64. Plain hex (sha1 cache names, commit ids) is not a key.
	[/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, (m) => (looksRandom(m) ? MASK : m)],
	// Session tokens and other long base64 strings. `_` and `-` are left out so ARNs and paths survive.
	[/[A-Za-z0-9+/=]{40,}/g, (m) => (looksRandom(m) ? MASK : m)],
	// Anything this long and opaque is a token, whatever its letters.
	[/[A-Za-z0-9+/=]{120,}/g, MASK],
];

/** Masks the known shapes of secrets (no registered values): for service messages shown to the user. */
export function redactSecrets(text: string): string {
	return applyRules(text);
}

function applyRules(text: string): string {
	let out = text;
	for (const [pattern, replacement] of RULES) {
		out = out.replace(pattern, replacement as never);
	}
	return out;
}

/** Mixed case and digits: random key material rather than a word, a path or hex. */
function looksRandom(text: string): boolean {
	return /[a-z]/.test(text) && /[A-Z]/.test(text) && /[0-9]/.test(text);
}

/** Registered values shorter than this are not masked: too likely to hit ordinary words. */
const MIN_REGISTERED_LENGTH = 8;

export class SecretRedactor {
	private readonly known = new Set<string>();

	/** Masks this exact value wherever it appears from now on. */
	add(value: string | undefined): void {
		if (value && value.length >= MIN_REGISTERED_LENGTH) {
			this.known.add(value);
		}
	}

	/** Registers the secret-looking string leaves of a JSON blob (a stored token record, say). */
	addFromStoredValue(value: string | undefined): void {
		if (!value) {
			return;
		}
		try {
			this.addLeaves(JSON.parse(value), '');
		} catch {
			this.add(value);
		}
	}

	redact(text: string): string {
		let out = text;
		// Longest first, so a value that contains another is masked whole.
		for (const value of [...this.known].sort((a, b) => b.length - a.length)) {
			if (out.includes(value)) {
				out = out.split(value).join(MASK);
			}
		}
		return applyRules(out);
	}

	private addLeaves(node: unknown, key: string): void {
		if (typeof node === 'string') {
			if (/token|secret|key|password|credential|code/i.test(key)) {
				this.add(node);
			}
		} else if (Array.isArray(node)) {
			node.forEach((item) => this.addLeaves(item, key));
		} else if (node && typeof node === 'object') {
			for (const [k, v] of Object.entries(node)) {
				this.addLeaves(v, k);
			}
		}
	}
}

/** Environment variables whose values are secrets; registered when the logger is made. */
export const SECRET_ENV_VARS = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK'];
