// Plays the user's browser in the authorization-code sign-in: opens the emulator's /authorize
// page, presses Allow or Deny (a form POST), and follows the redirect to the loopback listener.
export interface BrowserVisit {
	/** The consent page's status (200 when the request was accepted). */
	pageStatus: number;
	pageText: string;
	/** Where the decision redirected to (the loopback callback), if it did. */
	location?: string;
	/** The loopback listener's answer page. */
	callbackStatus?: number;
	callbackText?: string;
}

export async function visitAuthorizePage(authorizationUrl: string, decision: 'approve' | 'deny' | 'none' = 'approve', options: { follow?: boolean } = {}): Promise<BrowserVisit> {
	const page = await fetch(authorizationUrl, { redirect: 'manual' });
	const pageText = await page.text();
	const visit: BrowserVisit = { pageStatus: page.status, pageText };
	if (page.status === 302) {
		visit.location = page.headers.get('location') ?? undefined;
	} else {
		const requestId = /name="request_id" value="([^"]+)"/.exec(pageText)?.[1];
		if (!requestId || decision === 'none') {
			return visit;
		}
		const answer = await fetch(new URL(`/authorize/${decision}`, authorizationUrl), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ request_id: requestId }).toString(),
			redirect: 'manual',
		});
		await answer.text();
		visit.location = answer.headers.get('location') ?? undefined;
	}
	if (visit.location && options.follow !== false) {
		const callback = await fetch(visit.location, { redirect: 'manual' });
		visit.callbackStatus = callback.status;
		visit.callbackText = await callback.text();
	}
	return visit;
}
