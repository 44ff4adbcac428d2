import type { ApiChangeSummary } from '../api/browse';
import { phpInUploadsWarning, summarySentences } from './compare-summary';

function summary(
	overrides: Partial< ApiChangeSummary > = {}
): ApiChangeSummary {
	return {
		areas: [],
		added: 0,
		changed: 0,
		removed: 0,
		php_in_uploads: { count: 0, paths: [] },
		tables: { added: 0, changed: 0, removed: 0 },
		...overrides,
	};
}

function area( name: string, added: number, changed: number, removed: number ) {
	return {
		area: name,
		added,
		changed,
		removed,
		bytes_added: 0,
		bytes_removed: 0,
	};
}

describe( 'the summary of a comparison', () => {
	it( 'counts files per part of the site, PHP files in uploads and tables, in plural', () => {
		expect(
			summarySentences(
				summary( {
					areas: [
						area( 'wp-content/plugins', 0, 14, 0 ),
						area( 'wp-content/uploads', 2, 0, 3 ),
					],
					php_in_uploads: {
						count: 2,
						paths: [
							{ path: 'wp-content/uploads/2026/11/x.php' },
							{ path: 'wp-content/uploads/y.phtml' },
						],
					},
					tables: { added: 0, changed: 3, removed: 2 },
				} )
			)
		).toEqual( [
			'14 files changed in wp-content/plugins',
			'2 files added in wp-content/uploads',
			'3 files removed from wp-content/uploads',
			'2 new PHP files in uploads',
			'3 tables changed',
			'2 tables removed',
		] );
	} );

	it( 'says one in the singular, and names the top of the site', () => {
		expect(
			summarySentences(
				summary( {
					areas: [ area( '', 1, 1, 1 ) ],
					php_in_uploads: {
						count: 1,
						paths: [ { path: 'wp-content/uploads/x.php' } ],
					},
					tables: { added: 1, changed: 1, removed: 0 },
				} )
			)
		).toEqual( [
			'1 file added in the top folder of the site',
			'1 file changed in the top folder of the site',
			'1 file removed from the top folder of the site',
			'1 new PHP file in uploads',
			'1 table added',
			'1 table changed',
		] );
	} );

	it( 'says when nothing changed', () => {
		expect( summarySentences( summary() ) ).toEqual( [
			'Nothing changed in the files or the database.',
		] );
	} );

	it( 'warns of PHP files in uploads only when there are some', () => {
		expect( phpInUploadsWarning( 0 ) ).toBe( '' );
		expect( phpInUploadsWarning( 1 ) ).toMatch(
			/^1 PHP file appeared in the uploads folder\..*Check it /
		);
		expect( phpInUploadsWarning( 4 ) ).toMatch(
			/^4 PHP files appeared in the uploads folder\..*Check them /
		);
	} );
} );
