/**
 * Gathers the host variants' reports (hosts-<variant>-phpunit.xml and hosts-<variant>-e2e.xml)
 * into junit-hosts.xml, each test case named after its variant, and writes hosts-table.md:
 * a test per row, a variant per column, the way the README shows them.
 * A variant that left no report counts as a failed test case.
 * Usage: node host-results.mjs <artifacts dir> <variant>...
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [ dir, ...variants ] = process.argv.slice( 2 );

const escape = ( text ) =>
	text.replace( /[<>&"]/g, ( c ) => `&#${ c.charCodeAt( 0 ) };` );

function cases( file ) {
	if ( ! existsSync( file ) ) {
		return null;
	}
	const found = [];
	const xml = readFileSync( file, 'utf8' );
	for ( const [ whole, attributes, body = '' ] of xml.matchAll(
		/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g
	) ) {
		const name = /\bname="([^"]*)"/.exec( attributes )?.[ 1 ] ?? '';
		let outcome = 'passed';
		if ( /<(failure|error)\b/.test( body ) ) {
			outcome = 'failed';
		} else if ( /<skipped\b/.test( body ) ) {
			outcome = 'skipped';
		}
		found.push( { name, outcome, whole } );
	}
	return found;
}

const readable = ( name ) =>
	name.replace( /^test_/, '' ).replace( /_s_/g, "'s " ).replace( /_/g, ' ' );

const rows = new Map();
const merged = [];
for ( const variant of variants ) {
	for ( const kind of [ 'phpunit', 'e2e' ] ) {
		const found = cases( path.join( dir, `hosts-${ variant }-${ kind }.xml` ) );
		if ( ! found || found.length === 0 ) {
			merged.push(
				`<testcase classname="hosts.${ variant }" name="${ variant }: ${ kind } tests ran"><failure message="no results"/></testcase>`
			);
			continue;
		}
		for ( const { name, outcome, whole } of found ) {
			const title = readable( name );
			if ( ! rows.has( title ) ) {
				rows.set( title, {} );
			}
			rows.get( title )[ variant ] = outcome;
			merged.push(
				whole.replace(
					/\bname="([^"]*)"/,
					( _, original ) => `name="${ variant }: ${ original }"`
				)
			);
		}
	}
}

writeFileSync(
	path.join( dir, 'junit-hosts.xml' ),
	`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="hosts">\n${ merged.join(
		'\n'
	) }\n</testsuite></testsuites>\n`
);

const mark = { passed: 'passes', failed: '**fails**', skipped: 'skipped' };
const table = [
	`| Test | ${ variants.join( ' | ' ) } |`,
	`|---|${ variants.map( () => '---' ).join( '|' ) }|`,
	...[ ...rows ].map(
		( [ title, outcomes ] ) =>
			`| ${ escape( title ) } | ${ variants
				.map( ( v ) => mark[ outcomes[ v ] ] ?? 'no result' )
				.join( ' | ' ) } |`
	),
];
writeFileSync( path.join( dir, 'hosts-table.md' ), table.join( '\n' ) + '\n' );
console.log( table.join( '\n' ) );
