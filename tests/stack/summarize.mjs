/**
 * Adds up every suite's results from artifacts/ and prints the closing line
 * "N passed, N failed" (", N skipped" when some were), after the name and
 * first message line of each failed test, so that a log's tail says what failed. Exits non-zero when
 * any test failed or a suite that ran left no results behind. A suite's
 * extra-<suite>.xml (its runner's exit code, whether every declared test
 * ran) counts with its results.
 * Usage: node summarize.mjs <artifacts dir> <suite>...
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [ dir, ...suites ] = process.argv.slice( 2 );
const files = {
	typecheck: 'junit-typecheck.xml',
	lint: 'junit-lint.xml',
	unit: 'jest.json',
	engine: 'junit-engine.xml',
	wordpress: 'junit-wordpress.xml',
	package: 'junit-package.xml',
	'php-checks': 'junit-php-checks.xml',
	e2e: 'junit-e2e.xml',
	faults: 'junit-faults.xml',
	'crash-drill': 'junit-crash-drill.xml',
	'php-errors': 'junit-php-errors.xml',
};

const failures = [];

function firstLine( text ) {
	const line = text
		.replace( /&lt;/g, '<' )
		.replace( /&gt;/g, '>' )
		.replace( /&quot;/g, '"' )
		.replace( /&#039;|&apos;/g, "'" )
		.replace( /&amp;/g, '&' )
		.split( '\n' )
		.map( ( part ) => part.trim() )
		.find( ( part ) => part !== '' && ! /^[\w\\]+::\w+$/.test( part ) );
	return ( line ?? '' ).slice( 0, 300 );
}

function countJunit( xml, suite ) {
	const totals = { passed: 0, failed: 0, skipped: 0 };
	const cases = xml.matchAll( /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g );
	for ( const [ , attributes, body = '' ] of cases ) {
		const failure = body.match( /<(?:failure|error)\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:failure|error)>)/ );
		if ( failure ) {
			totals.failed++;
			const name = attributes.match( /\bname="([^"]*)"/ )?.[ 1 ] ?? '?';
			const owner = attributes.match( /\bclass(?:name)?="([^"]*)"/ )?.[ 1 ];
			failures.push( `${ suite }: ${ owner ? `${ owner }::` : '' }${ name }: ${ firstLine( failure[ 1 ] ?? '' ) }` );
		} else if ( /<skipped\b/.test( body ) ) {
			totals.skipped++;
		} else {
			totals.passed++;
		}
	}
	return totals;
}

function countJest( json ) {
	const report = JSON.parse( json );
	for ( const file of report.testResults ?? [] ) {
		for ( const test of file.assertionResults ?? [] ) {
			if ( test.status === 'failed' ) {
				failures.push( `unit: ${ test.fullName }: ${ firstLine( test.failureMessages?.[ 0 ] ?? '' ) }` );
			}
		}
		if ( file.status === 'failed' && ! ( file.assertionResults ?? [] ).length ) {
			failures.push( `unit: ${ file.name }: ${ firstLine( file.message ?? '' ) }` );
		}
	}
	return {
		passed: report.numPassedTests,
		failed: report.numFailedTests + ( report.numRuntimeErrorTestSuites ?? 0 ),
		skipped: report.numPendingTests + report.numTodoTests,
	};
}

const total = { passed: 0, failed: 0, skipped: 0 };
for ( const suite of suites ) {
	const file = path.join( dir, files[ suite ] ?? `junit-${ suite }.xml` );
	let result;
	if ( ! existsSync( file ) ) {
		result = { passed: 0, failed: 1, skipped: 0 };
		console.log( `${ suite }: no results (the suite did not run to the end)` );
	} else {
		const text = readFileSync( file, 'utf8' );
		result = suite === 'unit' ? countJest( text ) : countJunit( text, suite );
		if ( result.passed + result.failed === 0 ) {
			result.failed = 1;
			console.log( `${ suite }: ran no test` );
		}
	}
	const extra = path.join( dir, `extra-${ suite }.xml` );
	if ( existsSync( extra ) ) {
		const checks = countJunit( readFileSync( extra, 'utf8' ), suite );
		result.passed += checks.passed;
		result.failed += checks.failed;
	}
	console.log(
		`${ suite }: ${ result.passed } passed, ${ result.failed } failed, ${ result.skipped } skipped`
	);
	for ( const key of Object.keys( total ) ) {
		total[ key ] += result[ key ];
	}
}
for ( const failure of failures ) {
	console.log( `FAILED ${ failure }` );
}
const skipped = total.skipped ? `, ${ total.skipped } skipped` : '';
console.log( `${ total.passed } passed, ${ total.failed } failed${ skipped }` );
process.exit( total.failed > 0 ? 1 : 0 );
