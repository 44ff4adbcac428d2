/**
 * Writes a one-case JUnit report for a check that is not a test runner
 * (type check, lint), so the summary counts it like any other test.
 * Usage: node check-junit.mjs <name> <exit status> <output>
 */
const [ name, status, output = '' ] = process.argv.slice( 2 );
const escape = ( text ) =>
	text.replace( /[<>&"]/g, ( c ) => `&#${ c.charCodeAt( 0 ) };` );
const failed = status !== '0';
const body = failed
	? `<failure message="${ escape( name ) } failed">${ escape( output ) }</failure>`
	: '';
process.stdout.write(
	`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="${ name }" tests="1" failures="${
		failed ? 1 : 0
	}"><testcase classname="checks" name="${ name }">${ body }</testcase></testsuite></testsuites>\n`
);
