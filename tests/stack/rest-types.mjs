#!/usr/bin/env node
// npm run rest-types: the TypeScript types of the plugin's REST API
// (admin-ui/src/api/rest-types.generated.ts), generated from the JSON Schemas its controllers
// publish in the real REST index (GET /site-backups/v1 with context=help, which any visitor
// may read), so the screen's types and the server's answers have one source. With --check it
// writes nothing and fails when the file is not what the running site publishes
// (tests/wordpress/Rest/RestTypesTest.php runs it against the test stack).
//
// What is generated:
// - one interface per schema, named from its title (site-backups-backup: RestBackup);
// - one interface per route method that takes arguments, named from the method and the route
//   (POST /backups/{id}/restore: RestPostBackupsIdRestoreArgs; the methods of one endpoint share one);
// - a property is optional when its object lists the properties it always sends ("required")
//   and leaves it out, or when it is not sent in the default context ("view"); otherwise it is
//   always sent. Nested objects follow the same rule.
//
// usage: node tests/stack/rest-types.mjs [--check]
//   SITE_BACKUPS_WP_URL: the site to read (default: the development site, http://localhost:8888)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join( dirname( fileURLToPath( import.meta.url ) ), '..', '..' );
const require = createRequire( join( repo, 'package.json' ) );
const prettier = require( 'prettier' );
const prettierConfig = require( '@wordpress/prettier-config' );

const NAMESPACE = 'site-backups/v1';
const OUTPUT = join( repo, 'admin-ui', 'src', 'api', 'rest-types.generated.ts' );
const check = process.argv.includes( '--check' );
const site = (
	process.env.SITE_BACKUPS_WP_URL || 'http://localhost:8888'
).replace( /\/+$/, '' );

const pascal = ( text ) =>
	text
		.split( /[^A-Za-z0-9]+/ )
		.filter( Boolean )
		.map( ( word ) => word[ 0 ].toUpperCase() + word.slice( 1 ) )
		.join( '' );

const comment = ( text, indent ) =>
	text ? `${ indent }/** ${ text.replace( /\*\//g, '*\\/' ) } */\n` : '';

const literal = ( value ) =>
	value === null ? 'null' : JSON.stringify( value );

/**
 * A schema as a TypeScript type.
 *
 * @param {Object} schema A JSON Schema (draft-04, as WordPress writes them).
 * @param {string} indent The indentation of the line the type starts on.
 * @return {string} The type.
 */
function typeOf( schema, indent ) {
	if ( Array.isArray( schema.enum ) ) {
		return schema.enum.map( literal ).join( ' | ' );
	}
	const types = Array.isArray( schema.type ) ? schema.type : [ schema.type ];
	return types
		.map( ( type ) => {
			switch ( type ) {
				case 'string':
					return 'string';
				case 'integer':
				case 'number':
					return 'number';
				case 'boolean':
					return 'boolean';
				case 'null':
					return 'null';
				case 'array': {
					const item = schema.items
						? typeOf( schema.items, indent )
						: 'unknown';
					return /[ |]/.test( item ) ? `Array< ${ item } >` : `${ item }[]`;
				}
				case 'object':
					return schema.properties
						? objectOf( schema, indent )
						: 'Record< string, unknown >';
				default:
					return 'unknown';
			}
		} )
		.join( ' | ' );
}

/**
 * An object schema's properties as a TypeScript object type.
 *
 * @param {Object} schema An object schema with properties.
 * @param {string} indent The indentation of the line the type starts on.
 * @return {string} The type.
 */
function objectOf( schema, indent ) {
	const inner = indent + '\t';
	const always = Array.isArray( schema.required ) ? schema.required : null;
	const lines = Object.entries( schema.properties ).map( ( [ name, property ] ) => {
		const inView =
			! Array.isArray( property.context ) ||
			property.context.includes( 'view' );
		const optional = ! inView || ( always !== null && ! always.includes( name ) );
		const key = /^[A-Za-z_$][\w$]*$/.test( name ) ? name : JSON.stringify( name );
		return (
			comment( property.description, inner ) +
			`${ inner }${ key }${ optional ? '?' : '' }: ${ typeOf( property, inner ) };`
		);
	} );
	return `{\n${ lines.join( '\n' ) }\n${ indent }}`;
}

/**
 * A route's arguments as an object schema: required when the route says so.
 *
 * @param {Object} args The endpoint's arguments, as the index gives them.
 * @return {Object} An object schema.
 */
function argsSchema( args ) {
	const properties = {};
	const required = [];
	for ( const [ name, arg ] of Object.entries( args ) ) {
		if ( name === 'id' ) {
			continue; // In the path.
		}
		properties[ name ] = arg;
		if ( arg.required === true ) {
			required.push( name );
		}
	}
	return { type: 'object', properties, required };
}

async function readIndex() {
	const url = `${ site }/?rest_route=${ encodeURIComponent(
		'/' + NAMESPACE
	) }&context=help`;
	const response = await fetch( url );
	if ( ! response.ok ) {
		throw new Error( `${ url } answered ${ response.status }` );
	}
	return response.json();
}

function generate( index ) {
	const schemas = new Map();
	const args = [];
	for ( const [ route, data ] of Object.entries( index.routes ?? {} ) ) {
		if ( data.schema?.title && ! schemas.has( data.schema.title ) ) {
			schemas.set( data.schema.title, data.schema );
		}
		const path = route
			.slice( NAMESPACE.length + 2 )
			.replace( /\(\?P<(\w+)>[^)]*\)/g, '$1' );
		for ( const endpoint of data.endpoints ?? [] ) {
			const schema = argsSchema( endpoint.args ?? {} );
			if ( ! path || Object.keys( schema.properties ).length === 0 ) {
				continue;
			}
			// One type for the methods that share an endpoint (POST, PUT, PATCH /settings).
			args.push( {
				name: `Rest${ pascal( endpoint.methods[ 0 ].toLowerCase() ) }${ pascal( path ) }Args`,
				about: `${ endpoint.methods.join( ', ' ) } /${ path.replace( /\bid\b/, '{id}' ) }`,
				schema,
			} );
		}
	}
	const parts = [
		'/**',
		` * The REST API of ${ NAMESPACE }, as its JSON Schemas describe it.`,
		' *',
		` * Generated by ${ relative( repo, fileURLToPath( import.meta.url ) ) } from the site's REST`,
		' * index: do not edit. After changing a schema, run `npm run rest-types`.',
		' */',
	];
	for ( const [ title, schema ] of [ ...schemas ].sort( ( a, b ) =>
		a[ 0 ].localeCompare( b[ 0 ] )
	) ) {
		const name = `Rest${ pascal( title.replace( /^site-backups-/, '' ) ) }`;
		parts.push(
			'',
			comment( schema.description || `The ${ title } schema.`, '' ).trimEnd(),
			schema.properties
				? `export interface ${ name } ${ objectOf( schema, '' ) }`
				: `export type ${ name } = ${ typeOf( schema, '' ) };`
		);
	}
	for ( const { name, about, schema } of args.sort( ( a, b ) =>
		a.name.localeCompare( b.name )
	) ) {
		parts.push(
			'',
			comment( `The arguments of ${ about }.`, '' ).trimEnd(),
			`export interface ${ name } ${ objectOf( schema, '' ) }`
		);
	}
	return parts.join( '\n' ) + '\n';
}

const generated = await prettier.format( generate( await readIndex() ), {
	...prettierConfig,
	parser: 'typescript',
	filepath: OUTPUT,
} );
const where = relative( repo, OUTPUT );
if ( check ) {
	let current = '';
	try {
		current = readFileSync( OUTPUT, 'utf8' );
	} catch {
		// Missing: as stale as it gets.
	}
	if ( current !== generated ) {
		console.error(
			`${ where } is not what ${ site } publishes: run \`npm run rest-types\` and commit the result.`
		);
		process.exit( 1 );
	}
	console.log( `${ where } matches ${ site }.` );
} else {
	writeFileSync( OUTPUT, generated );
	console.log( `Wrote ${ where } from ${ site }.` );
}
