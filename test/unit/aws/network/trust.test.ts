import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { CaBundleError, baseTrust, clearTrustCache, loadTrust, parseCaBundle } from '../../../../src/aws/network/trust';
import { tlsFixtures } from '../../../support/tlsFixtures';

describe('CA bundle trust', () => {
	let dir: string;
	before(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-trust-'));
	});
	after(() => fs.rmSync(dir, { recursive: true, force: true }));
	afterEach(() => clearTrustCache());

	function write(name: string, text: string): string {
		const file = path.join(dir, name);
		fs.writeFileSync(file, text);
		return file;
	}

	it('adds the bundle to the default trust, never replacing it', () => {
		const { caPem, caPath } = tlsFixtures();
		const trust = loadTrust(caPath);
		assert.equal(trust.bundle.certificates.length, 1);
		assert.match(trust.bundle.certificates[0].subject, /Bedrock Connect Test ca/);
		assert.equal(trust.ca.length, baseTrust().length + 1);
		assert.ok(trust.ca.length > tls.rootCertificates.length, 'default roots are kept');
		assert.equal(trust.ca.at(-1)?.trim(), caPem.trim());
	});

	it('reads a bundle of several certificates with text between them', () => {
		const { caPem, otherCaPath } = tlsFixtures();
		const file = write('two.pem', `# corporate bundle\n${caPem}\nsome comment\n${fs.readFileSync(otherCaPath, 'utf8')}`);
		assert.equal(loadTrust(file).bundle.pems.length, 2);
	});

	it('uses the system store where Node offers it', () => {
		const fake = { rootCertificates: ['root'], getCACertificates: (type?: string) => (type === 'system' ? ['sys'] : ['default']) };
		assert.deepEqual(baseTrust(fake), ['default', 'sys']);
		assert.deepEqual(baseTrust({ rootCertificates: ['root'] }), ['root']);
	});

	it('caches by path and mtime, and re-reads an edited file', () => {
		const { caPem, otherCaPath } = tlsFixtures();
		const file = write('edit.pem', caPem);
		const first = loadTrust(file);
		assert.equal(loadTrust(file), first);
		assert.equal(loadTrust(file).secureContext, first.secureContext, 'one TLS context per bundle version');
		fs.writeFileSync(file, `${caPem}${fs.readFileSync(otherCaPath, 'utf8')}`);
		fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
		assert.equal(loadTrust(file).bundle.pems.length, 2);
	});

	const problems: [name: string, make: () => string, problem: string][] = [
		['a missing file', () => path.join(dir, 'nope.pem'), 'missing'],
		['a directory', () => dir, 'unreadable'],
		['an empty file', () => write('empty.pem', ''), 'no-certificates'],
		['a DER/garbage file', () => write('garbage.pem', 'not a certificate at all'), 'not-pem'],
		['a broken certificate', () => write('broken.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'invalid-certificate'],
		['a private key', () => write('key.pem', tlsFixtures().key), 'invalid-certificate'],
	];
	for (const [name, make, problem] of problems) {
		it(`rejects ${name} with CaBundleError(${problem})`, () => {
			const file = make();
			assert.throws(
				() => loadTrust(file),
				(error: unknown) => error instanceof CaBundleError && error.problem === problem && error.path === file && error.message.includes(file),
			);
		});
	}

	it('flags expired certificates without rejecting them', () => {
		const { caPem } = tlsFixtures();
		const bundle = parseCaBundle(caPem, 'x.pem', new Date(Date.now() + 10 * 86_400_000));
		assert.equal(bundle.certificates[0].expired, true);
	});
});
