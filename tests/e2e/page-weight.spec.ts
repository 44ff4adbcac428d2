/**
 * What the Backups screen costs to load: the JavaScript it adds to a plain
 * Tools page (every script the browser receives on it, less those Tools →
 * Available Tools receives too), WordPress's scripts it depends on included,
 * and its own bundle. The screen draws its controls itself rather than with
 * wp-components, which in WordPress 6.8 brings wp-date and moment with it
 * (about 1.9 MB in all): what it adds is held under 600 KB, its bundle under
 * 150 KB, both counted as the browser decodes them (before compression on
 * the wire); the breakdown, heaviest first, is attached.
 */
import type { Page, Response } from '@playwright/test';
import { test, expect } from '@wordpress/e2e-test-utils-playwright';

const SCREEN = '/wp-admin/tools.php?page=site-backups';
const PLAIN_TOOLS = '/wp-admin/tools.php';
const ADDED_BUDGET = 600 * 1024;
const BUNDLE_BUDGET = 150 * 1024;
const BUNDLE = /\/site-backups\/build\/index\.js(\?|$)/;
const WORDPRESS_SCRIPT = /^\/wp-includes\//;

interface Script {
	url: string;
	/** Bytes of the script itself. */
	decoded: number;
	/** Bytes of its body on the wire (less when the server compresses). */
	transferred: number;
}

/**
 * Every script a page loads, with its size.
 *
 * @param page The browser page.
 * @param url  The page to open.
 */
async function scriptsOf( page: Page, url: string ): Promise< Script[] > {
	const pending: Array< Promise< Script > > = [];
	const listen = ( response: Response ) => {
		const request = response.request();
		// A worker the admin's emoji check makes from a string is not loaded.
		if (
			request.resourceType() !== 'script' ||
			! /^https?:/.test( response.url() )
		) {
			return;
		}
		pending.push(
			Promise.all( [ response.body(), request.sizes() ] ).then(
				( [ body, sizes ] ) => ( {
					url: new URL( response.url() ).pathname,
					decoded: body.length,
					transferred: sizes.responseBodySize,
				} )
			)
		);
	};
	page.on( 'response', listen );
	await page.goto( url, { waitUntil: 'networkidle' } );
	page.off( 'response', listen );
	return Promise.all( pending );
}

const total = ( scripts: Script[], size: keyof Omit< Script, 'url' > ) =>
	scripts.reduce( ( sum, script ) => sum + script[ size ], 0 );

test.describe( 'The weight of the Backups screen', () => {
	test( 'adds less than 600 KB of JavaScript to a Tools page, less than 150 KB of it its own bundle', async ( {
		page,
	}, testInfo ) => {
		const plain = await scriptsOf( page, PLAIN_TOOLS );
		// A new page: nothing comes from the first one's memory cache.
		const screenPage = await page.context().newPage();
		const screen = await scriptsOf( screenPage, SCREEN );
		await expect(
			screenPage.getByRole( 'heading', { name: 'Recovery points' } )
		).toBeVisible();

		const plainUrls = new Set( plain.map( ( script ) => script.url ) );
		const added = screen.filter(
			( script ) => ! plainUrls.has( script.url )
		);
		const bundle = screen.find( ( script ) => BUNDLE.test( script.url ) );
		const heaviest = [ ...added ]
			.sort( ( a, b ) => b.decoded - a.decoded )
			.map( ( script ) => `${ script.decoded }\t${ script.url }` )
			.join( '\n' );
		const summary = [
			`Tools page: ${ plain.length } scripts, ${ total( plain, 'decoded' ) } bytes`,
			`Backups screen: ${ screen.length } scripts, ${ total(
				screen,
				'decoded'
			) } bytes (${ total( screen, 'transferred' ) } transferred)`,
			`Added: ${ added.length } scripts, ${ total(
				added,
				'decoded'
			) } bytes (${ total( added, 'transferred' ) } transferred)`,
			`Bundle: ${ bundle?.decoded } bytes`,
			heaviest,
		].join( '\n' );
		await testInfo.attach( 'scripts', { body: summary } );

		expect( bundle, 'the screen loads its bundle' ).toBeDefined();
		expect( bundle!.decoded, summary ).toBeLessThan( BUNDLE_BUDGET );
		expect( total( added, 'decoded' ), summary ).toBeLessThan(
			ADDED_BUDGET
		);
		expect(
			added.map( ( script ) => script.url ),
			'no WordPress script that brings moment'
		).not.toContainEqual(
			expect.stringMatching( /\/(moment|date|components)[./]/ )
		);
		const own = added.filter(
			( script ) => ! WORDPRESS_SCRIPT.test( script.url )
		);
		expect(
			own.map( ( script ) => script.url ),
			summary
		).toEqual( [ bundle!.url ] );
	} );
} );
