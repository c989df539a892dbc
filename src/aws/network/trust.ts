// The certificates a TLS connection trusts when a CA bundle is configured: Node's default roots,
// the system store where Node offers it, plus the bundle's certificates — the bundle ADDS to trust.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';

export type CaBundleProblem = 'missing' | 'unreadable' | 'not-pem' | 'no-certificates' | 'invalid-certificate';

export class CaBundleError extends Error {
	override readonly name = 'CaBundleError';
	constructor(
		readonly problem: CaBundleProblem,
		readonly path: string,
		message: string,
		options?: { cause?: unknown },
	) {
		super(message, options);
	}
}

export interface BundleCertificate {
	subject: string;
	issuer: string;
	validFrom: string;
	validTo: string;
	/** validTo is in the past (kept: Node decides, and an expired root may still be in a chain). */
	expired: boolean;
	fingerprint256: string;
}

export interface CaBundle {
	path: string;
	/** The bundle's certificates, PEM, in file order. */
	pems: string[];
	certificates: BundleCertificate[];
}

export interface Trust {
	bundle: CaBundle;
	/** Default + system + bundle certificates, for `ca` of https.Agent / http2.connect / tls.connect. */
	ca: string[];
	/**
	 * The same as one shared TLS context: pass `secureContext` rather than `ca`. Node builds a new
	 * context from `ca` on every connection (~30-50 ms for ~150 certificates, measured), and VS Code's
	 * tls.connect patch (@vscode/proxy-agent, http.systemCertificates) skips any connection given `ca`
	 * but adds its system certificates to a given `secureContext` — so this keeps VS Code's trust too.
	 */
	readonly secureContext: tls.SecureContext;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Parses PEM text into its CERTIFICATE blocks (other blocks, e.g. keys, are an error: wrong file). */
export function parseCaBundle(text: string, path: string, now: Date = new Date()): CaBundle {
	if (text.trim() === '') {
		throw new CaBundleError('no-certificates', path, `The CA bundle ${path} is empty.`);
	}
	const blocks = [...text.matchAll(PEM_BLOCK)];
	if (blocks.length === 0) {
		throw new CaBundleError('not-pem', path, `The CA bundle ${path} is not a PEM file (no -----BEGIN CERTIFICATE----- block).`);
	}
	const pems: string[] = [];
	const certificates: BundleCertificate[] = [];
	blocks.forEach((block, index) => {
		if (block[1] !== 'CERTIFICATE' && block[1] !== 'TRUSTED CERTIFICATE') {
			throw new CaBundleError('invalid-certificate', path, `The CA bundle ${path} contains a ${block[1]} block (#${index + 1}); it must hold only certificates.`);
		}
		let cert: X509Certificate;
		try {
			cert = new X509Certificate(block[0]);
		} catch (error) {
			throw new CaBundleError('invalid-certificate', path, `Certificate #${index + 1} in the CA bundle ${path} cannot be parsed.`, { cause: error });
		}
		pems.push(cert.toString());
		certificates.push({
			subject: cert.subject,
			issuer: cert.issuer,
			validFrom: cert.validFrom,
			validTo: cert.validTo,
			expired: new Date(cert.validTo).getTime() < now.getTime(),
			fingerprint256: cert.fingerprint256,
		});
	});
	return { path, pems, certificates };
}

type GetCaCertificates = (type?: 'default' | 'system' | 'bundled' | 'extra') => string[];

/** Node's default trust (with NODE_EXTRA_CA_CERTS) and, where Node ≥ 22.15 / 23.5 offers it, the system store. */
export function baseTrust(tlsModule: { getCACertificates?: GetCaCertificates; rootCertificates: readonly string[] } = tls as never): string[] {
	const get = tlsModule.getCACertificates;
	const defaults = get ? get('default') : [...tlsModule.rootCertificates];
	let system: string[] = [];
	if (get) {
		try {
			system = get('system');
		} catch {
			system = [];
		}
	}
	return [...defaults, ...system];
}

const cache = new Map<string, { mtimeMs: number; size: number; trust: Trust }>();

/**
 * Reads and validates the bundle, returning the `ca` list that adds it to the base trust. Cached by
 * path + mtime + size, so an edited bundle is re-read. Throws CaBundleError.
 */
export function loadTrust(path: string): Trust {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			throw new CaBundleError('missing', path, `The CA bundle ${path} does not exist.`, { cause: error });
		}
		throw new CaBundleError('unreadable', path, `The CA bundle ${path} cannot be read (${code ?? 'error'}).`, { cause: error });
	}
	if (!stat.isFile()) {
		throw new CaBundleError('unreadable', path, `The CA bundle ${path} is not a file.`);
	}
	const cached = cache.get(path);
	if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
		return cached.trust;
	}
	let text: string;
	try {
		text = fs.readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new CaBundleError('unreadable', path, `The CA bundle ${path} cannot be read (${code ?? 'error'}).`, { cause: error });
	}
	const bundle = parseCaBundle(text, path);
	const ca = [...baseTrust(), ...bundle.pems];
	let context: tls.SecureContext | undefined;
	const trust: Trust = {
		bundle,
		ca,
		get secureContext() {
			context ??= tls.createSecureContext({ ca });
			return context;
		},
	};
	cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, trust });
	return trust;
}

/** For tests. */
export function clearTrustCache(): void {
	cache.clear();
}
