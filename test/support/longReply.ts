// A long, varied markdown reply (headings, loose and tight lists, tables, quotes, fenced code
// with blank lines inside, links) and a way to cut it into stream-sized deltas.

export function longMarkdownReply(sections: number): string {
	const parts: string[] = [];
	for (let i = 0; i < sections; i++) {
		parts.push(
			`## Step ${i + 1}: configure part ${i}`,
			`Paragraph ${i} explains **why** the [setting](https://docs.aws.amazon.com/bedrock/${i}) matters, with \`inline code\` and _emphasis_.\nA second line of the same paragraph.`,
			`1. first item ${i}\n2. second item\n\n3. loose third item\n   continued`,
			`- tight\n- list\n  - nested ${i}`,
			`| name | value |\n| --- | ---: |\n| a${i} | ${i * 7} |\n| b | text |`,
			`> a quoted note ${i}\n>\n> spanning a blank quote line`,
			`\`\`\`ts\nfunction part${i}(x: number): number {\n\n\treturn x * ${i}; // blank line above stays inside the fence\n}\n\`\`\``,
			`~~~\nplain ${i}\n\n\`\`\`\nnot a fence close inside tildes\n~~~`,
		);
	}
	return parts.join('\n\n') + '\n';
}

/** Cuts text into pieces of `size` characters (the last may be shorter). */
export function deltasOf(text: string, size: number): string[] {
	const pieces: string[] = [];
	for (let i = 0; i < text.length; i += size) {
		pieces.push(text.slice(i, i + size));
	}
	return pieces;
}
