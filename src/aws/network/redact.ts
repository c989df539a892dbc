// Masks the credentials of a URL (user:pass@) so proxy settings can be logged and shown.

/** `http://user:secret@proxy:3128/` → `http://***:***@proxy:3128/`; text that is not a URL is masked up to its last '@'. */
export function redactUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.username || parsed.password) {
			parsed.username = parsed.username ? '***' : '';
			parsed.password = parsed.password ? '***' : '';
		}
		return parsed.toString();
	} catch {
		const at = url.lastIndexOf('@');
		if (at < 0) {
			return url;
		}
		const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
		return `${scheme}***@${url.slice(at + 1)}`;
	}
}

/** Removes every occurrence of the URL's user and password (raw and percent-decoded) from text. */
export function scrubCredentials(text: string, url: string | undefined): string {
	if (!url) {
		return text;
	}
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return text;
	}
	let out = text.split(url).join(redactUrl(url));
	// A one-letter user name would mangle the text; passwords are scrubbed from two characters.
	for (const [secret, minLength] of [[parsed.password, 2], [parsed.username, 4]] as const) {
		for (const form of new Set([secret, safeDecode(secret)])) {
			if (form.length >= minLength) out = out.split(form).join('***');
		}
	}
	return out;
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}
