#!/usr/bin/env node
// npm run make-pot: the translation template, languages/site-backups.pot, from the plugin's PHP
// (xgettext, with WordPress's gettext functions as keywords) and its built JavaScript (the
// @wordpress/i18n calls that survive in build/*.js, read with Babel's parser), as WP-CLI's
// `wp i18n make-pot` makes it; that command is not among the WP-CLI packages reachable here.
// References name build/index.js itself, the file WordPress loads the JavaScript translations for.
// No dates in the header and no line numbers, so the same strings give the same bytes (tests/package
// checks that the shipped template is current).
//
// usage: node tests/stack/make-pot.mjs [PLUGIN_DIR] [OUTPUT]   (defaults: the repository, PLUGIN_DIR/languages/site-backups.pot)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = join( dirname( fileURLToPath( import.meta.url ) ), '..', '..' );
const { parse } = createRequire( join( repo, 'package.json' ) )( '@babel/parser' );
const DOMAIN = 'site-backups';
const root = process.argv[ 2 ] ?? repo;
const output = process.argv[ 3 ] ?? join( root, 'languages', `${ DOMAIN }.pot` );

const files = ( dir, ext ) =>
	readdirSync( join( root, dir ) )
		.sort()
		.flatMap( ( name ) => {
			const path = join( dir, name );
			if ( statSync( join( root, path ) ).isDirectory() ) {
				return files( path, ext );
			}
			return name.endsWith( ext ) ? [ path ] : [];
		} );

/** Entries by context and text, in the order first met. */
const entries = new Map();
function add( { context = null, text, plural = null, reference, comment = null, flag = null } ) {
	const key = `${ context ?? '' }\u0004${ text }`;
	const entry = entries.get( key ) ?? { context, text, plural, references: [], comments: [], flags: [] };
	entries.set( key, entry );
	entry.plural ??= plural;
	// Files without line numbers: the template changes when strings do, not when code moves.
	reference = reference?.replace( /:\d+$/, '' );
	for ( const [ list, value ] of [ [ entry.references, reference ], [ entry.comments, comment ], [ entry.flags, flag ] ] ) {
		if ( value && ! list.includes( value ) ) {
			list.push( value );
		}
	}
}

// The plugin's header, as WordPress shows it in the list of plugins.
const main = readFileSync( join( root, `${ DOMAIN }.php` ), 'utf8' );
const header = ( name ) => main.match( new RegExp( `^[ \\t/*#@]*${ name }:(.*)$`, 'mi' ) )?.[ 1 ].trim() ?? '';
for ( const name of [ 'Plugin Name', 'Plugin URI', 'Description', 'Author', 'Author URI' ] ) {
	if ( header( name ) ) {
		add( { text: header( name ), reference: `${ DOMAIN }.php`, comment: `${ name } of the plugin` } );
	}
}

// PHP: xgettext knows PHP's strings and comments; the keywords are WordPress's gettext functions.
const keywords = [ '__:1', '_e:1', 'esc_html__:1', 'esc_html_e:1', 'esc_attr__:1', 'esc_attr_e:1', 'esc_xml__:1', 'esc_xml_e:1',
	'_x:1,2c', '_ex:1,2c', 'esc_html_x:1,2c', 'esc_attr_x:1,2c', 'esc_xml_x:1,2c',
	'_n:1,2', '_n_noop:1,2', '_nx:1,2,4c', '_nx_noop:1,2,3c' ];
const php = execFileSync(
	'xgettext',
	[ '--language=PHP', '--from-code=UTF-8', '--add-comments=translators:', '--no-wrap', '--keyword',
		...keywords.map( ( keyword ) => `--keyword=${ keyword }` ), '--output=-', `${ DOMAIN }.php`, ...files( 'plugin', '.php' ) ],
	// Its warnings about msgids beyond ASCII ("…") say nothing here: WordPress's strings are UTF-8.
	{ cwd: root, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' }, stdio: [ 'ignore', 'pipe', 'pipe' ] }
);
for ( const block of php.split( /\n\n+/ ) ) {
	const entry = { references: [], comments: [], flags: [] };
	let field = null;
	for ( const line of block.split( '\n' ) ) {
		const keyword = line.match( /^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$/ );
		if ( line.startsWith( '#. ' ) ) {
			entry.comments.push( line.slice( 3 ) );
		} else if ( line.startsWith( '#: ' ) ) {
			entry.references.push( ...line.slice( 3 ).split( ' ' ) );
		} else if ( line.startsWith( '#, ' ) ) {
			entry.flags.push( ...line.slice( 3 ).split( ', ' ) );
		} else if ( keyword ) {
			field = keyword[ 1 ];
			entry[ field ] = JSON.parse( keyword[ 2 ] );
		} else if ( line.startsWith( '"' ) && field ) {
			entry[ field ] += JSON.parse( line );
		}
	}
	if ( ! entry.msgid ) {
		continue; // xgettext's own header
	}
	const text = entry.msgid;
	const context = entry.msgctxt ?? null;
	const plural = entry.msgid_plural ?? null;
	entry.references.forEach( ( reference ) => add( { context, text, plural, reference } ) );
	entry.comments.forEach( ( comment ) => add( { context, text, plural, comment } ) );
	entry.flags.forEach( ( flag ) => add( { context, text, plural, flag } ) );
}

// JavaScript: the @wordpress/i18n calls as the build left them, e.g. (0,p.__)("Backups","site-backups").
const ARGS = { __: [ 'text', 'domain' ], _x: [ 'text', 'context', 'domain' ], _n: [ 'text', 'plural', null, 'domain' ], _nx: [ 'text', 'plural', null, 'context', 'domain' ] };
for ( const file of files( 'build', '.js' ) ) {
	const ast = parse( readFileSync( join( root, file ), 'utf8' ), { sourceType: 'unambiguous' } );
	const calls = [];
	( function walk( node ) {
		if ( Array.isArray( node ) ) {
			node.forEach( walk );
			return;
		}
		if ( ! node || typeof node.type !== 'string' ) {
			return;
		}
		if ( node.type === 'CallExpression' ) {
			let callee = node.callee;
			if ( callee.type === 'SequenceExpression' ) {
				callee = callee.expressions.at( -1 );
			}
			const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && ! callee.computed ? callee.property.name : null;
			if ( Object.hasOwn( ARGS, name ) ) {
				calls.push( { node, roles: ARGS[ name ] } );
			}
		}
		for ( const [ key, value ] of Object.entries( node ) ) {
			if ( ! [ 'loc', 'start', 'end', 'leadingComments', 'trailingComments', 'innerComments', 'extra' ].includes( key ) ) {
				walk( value );
			}
		}
	} )( ast.program );
	calls.sort( ( a, b ) => a.node.start - b.node.start );
	// A translators comment belongs to the first call after it.
	const notes = new Map();
	for ( const comment of ast.comments ) {
		const note = comment.value.replace( /^[\s*]+|[\s*]+$/g, '' );
		const next = calls.find( ( call ) => call.node.start >= comment.end );
		if ( /^translators:/i.test( note ) && next ) {
			notes.set( next, note );
		}
	}
	for ( const call of calls ) {
		const values = {};
		call.roles.forEach( ( role, i ) => {
			const arg = call.node.arguments[ i ];
			if ( role && arg?.type === 'StringLiteral' ) {
				values[ role ] = arg.value;
			}
		} );
		if ( values.domain === DOMAIN && values.text !== undefined ) {
			add( { ...values, reference: `${ file }:${ call.node.loc.start.line }`, comment: notes.get( call ) ?? null } );
		}
	}
}

// PO strings escape as JSON does for what these hold (quotes, backslashes, line breaks, tabs).
const quote = ( text ) => JSON.stringify( text );
const version = header( 'Version' );
const lines = [
	`# Copyright (C) ${ header( 'Author' ) }`,
	`# This file is distributed under the ${ header( 'License' ) }.`,
	'msgid ""',
	'msgstr ""',
	`"Project-Id-Version: ${ header( 'Plugin Name' ) } ${ version }\\n"`,
	`"Report-Msgid-Bugs-To: https://wordpress.org/support/plugin/${ DOMAIN }\\n"`,
	'"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"',
	'"Language-Team: LANGUAGE <LL@li.org>\\n"',
	'"MIME-Version: 1.0\\n"',
	'"Content-Type: text/plain; charset=UTF-8\\n"',
	'"Content-Transfer-Encoding: 8bit\\n"',
	'"X-Generator: tests/stack/make-pot.mjs\\n"',
	`"X-Domain: ${ DOMAIN }\\n"`,
];
for ( const entry of entries.values() ) {
	lines.push( '' );
	entry.comments.forEach( ( comment ) => lines.push( `#. ${ comment }` ) );
	entry.references.forEach( ( reference ) => lines.push( `#: ${ reference }` ) );
	if ( entry.flags.length ) {
		lines.push( `#, ${ entry.flags.join( ', ' ) }` );
	}
	if ( entry.context !== null ) {
		lines.push( `msgctxt ${ quote( entry.context ) }` );
	}
	lines.push( `msgid ${ quote( entry.text ) }` );
	if ( entry.plural !== null ) {
		lines.push( `msgid_plural ${ quote( entry.plural ) }`, 'msgstr[0] ""', 'msgstr[1] ""' );
	} else {
		lines.push( 'msgstr ""' );
	}
}
mkdirSync( dirname( output ), { recursive: true } );
writeFileSync( output, lines.join( '\n' ) + '\n' );
console.log( `${ relative( process.cwd(), output ) || output }: ${ entries.size } strings` );
