// Our side of the AWS CLI's SSO token cache: read its token when we hold none (an
// `aws sso login` counts as signed in), and mirror ours into it only when the user opts in.
// The CLI keys legacy profiles by start URL and sso-session profiles by session name.
import type { Logger } from '../ports';
import { shortReason } from '../errorMapping';
import { deleteCliTokenIfOurs, readCliToken, writeCliToken, type CliSsoToken } from './cliTokenCache';
import { EXPIRY_SAFETY_MS } from './refreshPolicy';
import type { SsoTokenRecord } from './tokenStore';

export interface CliMirrorDeps {
	logger: Logger;
	/** Home directory for the CLI cache (read always, written only when shareWithCli). */
	home: () => string;
	/** The user's opt-in (bedrockConnect.sso.shareTokenWithCli); a function is asked on each write. */
	shareWithCli: boolean | (() => boolean);
	/** Names of sso-sessions in the shared config that use this start URL (CLI cache keys). */
	cliSessionNames?: (startUrl: string) => Promise<string[]>;
}

export type CliLookup = { token: CliSsoToken } | { token?: undefined; expired: boolean };

export class CliTokenMirror {
	constructor(private readonly _deps: CliMirrorDeps) {}

	/** The CLI's still-valid token for this start URL, or whether one was found expired. */
	async read(startUrl: string, now: number): Promise<CliLookup> {
		const home = this._deps.home();
		let expired = false;
		for (const key of await this.keys(startUrl)) {
			const token = await readCliToken(home, key);
			if (!token || (token.startUrl && token.startUrl.replace(/\/+$/, '') !== startUrl)) {
				continue;
			}
			if (token.expiresAt.getTime() - EXPIRY_SAFETY_MS > now) {
				return { token };
			}
			expired = true;
		}
		return { expired };
	}

	/** Copies our token into the CLI cache, if the user opted in; failures are only logged. */
	async write(record: SsoTokenRecord): Promise<void> {
		if (!this.sharing()) {
			return;
		}
		for (const key of await this.keys(record.startUrl)) {
			await writeCliToken(this._deps.home(), key, {
				startUrl: record.startUrl,
				region: record.region,
				accessToken: record.accessToken,
				expiresAt: new Date(record.expiresAt),
				...(record.refreshToken ? { refreshToken: record.refreshToken } : {}),
				clientId: record.clientId,
				clientSecret: record.clientSecret,
				registrationExpiresAt: new Date(record.registrationExpiresAt),
			}).catch((error: unknown) => this._deps.logger.warn(`[sso] could not write the CLI token cache: ${shortReason(error)}`));
		}
	}

	/**
	 * Removes the copies we wrote (an entry the CLI has since replaced is left alone) — even when
	 * sharing was turned off after they were written: a signed-out token must not stay behind.
	 */
	async deleteOurs(record: SsoTokenRecord): Promise<void> {
		for (const key of await this.keys(record.startUrl)) {
			await deleteCliTokenIfOurs(this._deps.home(), key, record.accessToken).catch(() => undefined);
		}
	}

	private sharing(): boolean {
		const share = this._deps.shareWithCli;
		return typeof share === 'function' ? share() : share;
	}

	private async keys(startUrl: string): Promise<string[]> {
		return [startUrl, ...((await this._deps.cliSessionNames?.(startUrl).catch(() => [])) ?? [])];
	}
}
