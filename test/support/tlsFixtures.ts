// Throwaway TLS material for tests, made with the openssl CLI in a temp dir once per test run:
// a CA, a server certificate it signed for localhost/127.0.0.1/::1, and a second unrelated CA.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TlsFixtures {
	dir: string;
	/** The throwaway CA (PEM file path and text). */
	caPath: string;
	caPem: string;
	/** An unrelated CA: trusting it does not make the server trusted. */
	otherCaPath: string;
	/** Server certificate (signed by the CA) and its key, for localhost, 127.0.0.1 and ::1. */
	cert: string;
	key: string;
	certPath: string;
	keyPath: string;
}

let cached: TlsFixtures | undefined;

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
	openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=Bedrock Connect Test ${name}`,
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
}

/** Creates (once per process) and returns the fixtures; the temp dir is removed at exit. */
export function tlsFixtures(): TlsFixtures {
	if (cached) {
		return cached;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedrock-connect-tls-'));
	process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	makeCa(dir, 'ca');
	makeCa(dir, 'other-ca');
	fs.writeFileSync(path.join(dir, 'server.ext'), ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth',
		'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1', ''].join('\n'));
	openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
	openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
	const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
	cached = {
		dir,
		caPath: path.join(dir, 'ca.pem'),
		caPem: read('ca.pem'),
		otherCaPath: path.join(dir, 'other-ca.pem'),
		cert: read('server.pem'),
		key: read('server.key'),
		certPath: path.join(dir, 'server.pem'),
		keyPath: path.join(dir, 'server.key'),
	};
	return cached;
}
