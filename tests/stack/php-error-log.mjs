/**
 * Reads the test stack's PHP error logs (PHP-FPM's workers, WordPress's debug
 * logs, which WP-CLI writes to as well) and writes a JUnit report to stdout:
 * one failed case for every entry that names a file of the plugin or is a
 * fatal error, or one passing case when there is none. The entries are also
 * listed on stderr.
 * Usage: node php-error-log.mjs <repository> <stack log folder>
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [ repository, logDir ] = process.argv.slice( 2 );
const pluginFiles = [
	`${ repository }/plugin/`,
	`${ repository }/php/`,
	`${ repository }/site-backups.php`,
	'/plugins/site-backups/', // wp-content/plugins, or a WP_PLUGIN_DIR of its own
];
const logs = existsSync( logDir )
	? readdirSync( logDir ).filter(
			( name ) =>
				name === 'php-error.log' ||
				name === 'php-fpm.log' ||
				/^wp-.*-debug\.log$/.test( name )
	  )
	: [];

/** A log's entries: a line that starts with "[" and the lines that follow it. */
function entries( text ) {
	const found = [];
	for ( const line of text.split( '\n' ) ) {
		if ( line.startsWith( '[' ) || found.length === 0 ) {
			found.push( line );
		} else {
			found[ found.length - 1 ] += '\n' + line;
		}
	}
	return found.filter( ( entry ) => entry.trim() !== '' );
}

// WordPress's own wp-cron.php calls ignore_user_abort() unguarded: on the locked-down host
// variant (tests/stack/variants.sh), which disables it as hosts do, every WP-Cron spawn dies
// there. That is the host's doing and WordPress's, and the variant's tests are about how the
// plugin copes with it; nothing else of WordPress's is let through.
const expected = [
	/PHP Fatal error: {2}Uncaught Error: Call to undefined function ignore_user_abort\(\) in \S+\/wp-cron\.php:\d+\nStack trace:\n#0 \{main\}/,
];

const problems = [];
for ( const name of logs ) {
	for ( const entry of entries( readFileSync( path.join( logDir, name ), 'utf8' ) ) ) {
		if ( expected.some( ( pattern ) => pattern.test( entry ) ) ) {
			continue;
		}
		if ( /Fatal error/i.test( entry ) || pluginFiles.some( ( file ) => entry.includes( file ) ) ) {
			problems.push( { log: name, entry } );
		}
	}
}

const escape = ( text ) =>
	// eslint-disable-next-line no-control-regex
	text.replace( /[<>&"]|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ( c ) => `&#${ c.charCodeAt( 0 ) };` );
const cases = problems.length
	? problems.map(
			( { log, entry }, index ) =>
				`<testcase classname="php-errors" name="${ escape( `${ log } #${ index + 1 }` ) }"><failure message="A PHP error from the plugin">${ escape(
					entry
				) }</failure></testcase>`
	  )
	: [ '<testcase classname="php-errors" name="No PHP error names a file of the plugin, and no fatal error"></testcase>' ];
for ( const { log, entry } of problems ) {
	process.stderr.write( `${ log }: ${ entry }\n` );
}
process.stderr.write( `PHP error logs read: ${ logs.join( ', ' ) || 'none' }; ${ problems.length } entries from the plugin or fatal\n` );
process.stdout.write(
	`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="php-errors" tests="${ cases.length }" failures="${ problems.length }">${ cases.join(
		''
	) }</testsuite></testsuites>\n`
);
