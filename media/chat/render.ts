// Model output (markdown) → sanitized HTML. Pure: it takes a DOMPurify instance, so the
// webview passes the page's one and the unit tests pass one bound to a jsdom window.
// Defence in depth: marked builds the HTML, our renderer overrides drop the risky markdown
// constructs (images, task-list inputs), and DOMPurify with a small allow-list has the last word.
// Code keeps no markup but the highlighter's spans, so what Copy takes is what the user sees.
import { Marked, type Tokens } from 'marked';
import type { DOMPurify, Config } from 'dompurify';
import { highlightCode } from './highlight';

const ALLOWED_TAGS = [
	'a', 'b', 'blockquote', 'br', 'code', 'del', 'details', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i',
	'kbd', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'th',
	'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'align', 'start', 'colspan', 'rowspan'];
/** Links may only point to the web or mail; the webview never navigates anyway (the host opens them). */
const ALLOWED_URI = /^(?:https?:|mailto:)/i;
/** Class names our own output uses; anything else a model writes into `class` is dropped. */
const ALLOWED_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+|[\w-]+_)$/;
const SAFE_LANGUAGE = /^[\w+#.-]{1,40}$/;

const PURIFY_CONFIG: Config = {
	ALLOWED_TAGS,
	ALLOWED_ATTR,
	ALLOWED_URI_REGEXP: ALLOWED_URI,
	ALLOW_DATA_ATTR: false,
	ALLOW_ARIA_ATTR: false,
	ALLOW_UNKNOWN_PROTOCOLS: false,
	ALLOW_SELF_CLOSE_IN_ATTR: false,
	SAFE_FOR_TEMPLATES: false,
	WHOLE_DOCUMENT: false,
	RETURN_DOM: false,
	RETURN_DOM_FRAGMENT: true,
	RETURN_TRUSTED_TYPE: false,
};

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The fence's first word if it is a plausible language name; model text must not reach attributes unchecked. */
export function fenceLanguage(lang: string | undefined): string {
	const first = (lang ?? '').trim().split(/\s+/)[0] ?? '';
	return SAFE_LANGUAGE.test(first) ? first.toLowerCase() : '';
}

function createMarked(): Marked {
	return new Marked({
		gfm: true,
		breaks: false,
		async: false,
		renderer: {
			code({ text, lang }: Tokens.Code): string {
				const language = fenceLanguage(lang);
				const highlighted = highlightCode(text, language);
				const languageClass = language ? ` class="hljs language-${language}"` : ' class="hljs"';
				return `<pre><code${languageClass}>${highlighted ?? escapeHtml(text)}</code></pre>\n`;
			},
			// Images would load remote content (blocked by the CSP anyway) and are a classic
			// vector; show them as a link the user can choose to open.
			image({ href, text }: Tokens.Image): string {
				const label = escapeHtml(text || 'image');
				return `<a href="${escapeHtml(href)}">${label}</a>`;
			},
			checkbox({ checked }: Tokens.Checkbox): string {
				return checked ? '☑ ' : '☐ ';
			},
		},
	});
}

/**
 * Raw HTML may put any allowed element inside <pre>/<code>, e.g. a closed <details> that hides
 * a second command which Copy would still take. Inside code only the highlighter's <span>s stay;
 * any other element becomes its plain text (a <br> a newline), so all of the code is on screen.
 */
function flattenCode(root: DocumentFragment): void {
	for (const element of root.querySelectorAll('pre *, code *')) {
		const codeOfBlock = element.localName === 'code' && element.parentElement?.localName === 'pre';
		if (element.localName !== 'span' && !codeOfBlock) {
			const text = element.localName === 'br' ? '\n' : (element.textContent ?? '');
			element.replaceWith(element.ownerDocument.createTextNode(text));
		}
	}
}

export type MarkdownRenderer = (markdown: string) => string;

/** Builds the renderer; the DOMPurify instance gets our hooks and must not be shared with other code. */
export function createMarkdownRenderer(purify: DOMPurify): MarkdownRenderer {
	const marked = createMarked();
	purify.addHook('uponSanitizeAttribute', (_node, data) => {
		if (data.attrName === 'class') {
			const kept = data.attrValue.split(/\s+/).filter((name) => ALLOWED_CLASS.test(name));
			data.attrValue = kept.join(' ');
			data.keepAttr = kept.length > 0;
		}
	});
	return (markdown: string): string => {
		const html = marked.parse(markdown, { async: false });
		const fragment = purify.sanitize(html, PURIFY_CONFIG) as unknown as DocumentFragment;
		flattenCode(fragment);
		const holder = fragment.ownerDocument.createElement('div');
		holder.append(fragment);
		return holder.innerHTML;
	};
}
