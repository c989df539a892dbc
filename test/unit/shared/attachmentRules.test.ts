// Bedrock's image and document limits, checked before sending: sizes from real headers of
// every image format, names as Bedrock accepts them, and a refusal that says what to do.
import * as assert from 'node:assert/strict';
import { bedrockDocumentName, countRefusal, formatOfName, imageSize, refusalOf } from '../../../src/shared/attachmentRules';
import { imageWithHeader, realPng } from '../../support/imageFixtures';

describe('attachment rules', () => {
	for (const format of ['png', 'jpeg', 'gif', 'webp'] as const) {
		it(`reads the size of a ${format} header`, () => {
			assert.deepEqual(imageSize(imageWithHeader(format, 1234, 567), format), { width: 1234, height: 567 });
		});
	}

	it('reads a real PNG and refuses bytes that are not the format the name says', () => {
		assert.deepEqual(imageSize(realPng(3, 5), 'png'), { width: 3, height: 5 });
		assert.match(refusalOf('photo.png', imageWithHeader('jpeg', 10, 10)) ?? '', /not a valid PNG/);
	});

	it('takes images up to 3.75 MB and 8,000 px a side, and says why it refuses', () => {
		assert.equal(refusalOf('ok.png', imageWithHeader('png', 8000, 8000)), undefined);
		assert.match(refusalOf('wide.webp', imageWithHeader('webp', 8001, 10)) ?? '', /8001 × 10 px; Bedrock takes images up to 8,000 px a side/);
		assert.match(refusalOf('big.jpg', imageWithHeader('jpeg', 100, 100, 3_750_001)) ?? '', /3\.75 MB/);
	});

	it('takes documents up to 4.5 MB in Bedrock\'s formats only', () => {
		assert.equal(refusalOf('report.pdf', new Uint8Array(4_500_000)), undefined);
		assert.match(refusalOf('report.pdf', new Uint8Array(4_500_001)) ?? '', /4\.5 MB/);
		assert.match(refusalOf('tool.exe', new Uint8Array(10)) ?? '', /cannot be attached: Bedrock takes images \(png, jpeg, gif, webp\) and documents/);
		assert.deepEqual(formatOfName('Notes.MARKDOWN'), { kind: 'document', format: 'md' });
		assert.deepEqual(formatOfName('a.JPG'), { kind: 'image', format: 'jpeg' });
	});

	it('names documents as Bedrock requires', () => {
		assert.equal(bedrockDocumentName('Q3 report (final) [v2].docx'), 'Q3 report (final) [v2]');
		assert.equal(bedrockDocumentName('my_file..name<script>.pdf'), 'my file name script');
		assert.equal(bedrockDocumentName('a   b\t\tc.txt'), 'a b c');
		assert.equal(bedrockDocumentName('🙂.pdf'), 'document');
	});

	it('counts images and documents per request', () => {
		assert.equal(countRefusal(Array(20).fill('image')), undefined);
		assert.match(countRefusal(Array(21).fill('image')) ?? '', /at most 20/);
		assert.match(countRefusal(Array(6).fill('document')) ?? '', /at most 5/);
	});
});
