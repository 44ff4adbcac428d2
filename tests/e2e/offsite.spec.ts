/**
 * Off-site copies from the screen, against the stack's real S3 server: an
 * administrator sets them up (a refused secret is named, nothing is saved)
 * and saves the recovery key the screen shows once; a new server given the
 * same settings lists the backup the bucket holds as not verified until it
 * is given that key, then fetches it with progress, and offers its download.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from '@wordpress/e2e-test-utils-playwright';

import { phpOnProduction, siteBackups, stackName } from './wp-cli';

const SCREEN = '/wp-admin/tools.php?page=site-backups&view=staging';
const TIMEOUT = 240_000;

interface Bucket {
	endpoint: string;
	region: string;
	bucket: string;
	accessKey: string;
	secret: string;
}

/** The stack's S3 server, as tests/stack/s3.sh wrote it down. */
function stackBucket(): Bucket {
	const file = path.join(
		__dirname,
		'..',
		'..',
		'.dev',
		stackName(),
		's3',
		'ready.env'
	);
	const env = new Map(
		fs
			.readFileSync( file, 'utf8' )
			.split( '\n' )
			.filter( ( line ) => line.includes( '=' ) )
			.map( ( line ) => [
				line.slice( 0, line.indexOf( '=' ) ),
				line.slice( line.indexOf( '=' ) + 1 ),
			] )
	);
	const value = ( key: string ): string => {
		const found = env.get( key );
		if ( ! found ) {
			throw new Error( `${ key } is missing from ${ file }` );
		}
		return found;
	};
	return {
		endpoint: value( 'S3_ENDPOINT' ),
		region: value( 'S3_REGION' ),
		bucket: value( 'S3_BUCKET' ),
		accessKey: value( 'S3_ACCESS_KEY' ),
		secret: value( 'S3_SECRET' ),
	};
}

/**
 * Points the site at a store folder (each one is a server's own disk).
 *
 * @param folder The folder; it holds the off-site settings saved there too.
 */
function useStore( folder: string ) {
	phpOnProduction(
		`update_option( "site_backups_store_dir", ${ JSON.stringify(
			folder
		) }, false );`
	);
}

async function waitForNoRunningJob() {
	await expect
		.poll(
			() =>
				phpOnProduction(
					'echo SiteBackups\\Plugin::instance()->job_runner()->active() || wp_next_scheduled( "site_backups_offsite_retry" ) ? "busy" : "idle";'
				),
			{ timeout: TIMEOUT, intervals: [ 1000 ] }
		)
		.toBe( 'idle' );
}

/**
 * Fills the settings dialog and saves.
 *
 * @param page   The admin's page.
 * @param bucket Where to.
 * @param prefix The folder in the bucket.
 * @param secret The secret key typed.
 */
async function saveSettings(
	page: Page,
	bucket: Bucket,
	prefix: string,
	secret: string
): Promise< Locator > {
	const dialog = page.getByRole( 'dialog' );
	await dialog.getByLabel( 'Endpoint URL' ).fill( bucket.endpoint );
	await dialog.getByLabel( 'Region' ).fill( bucket.region );
	await dialog.getByLabel( 'Bucket' ).fill( bucket.bucket );
	await dialog.getByLabel( 'Path prefix (optional)' ).fill( prefix );
	await dialog.getByLabel( 'Access key' ).fill( bucket.accessKey );
	await dialog.getByLabel( 'Secret key' ).fill( secret );
	await dialog.getByRole( 'button', { name: 'Save' } ).click();
	return dialog;
}

// Wide enough for each backup's actions to be buttons of their own; narrower
// screens fold them into one menu a row (list-layout.spec.ts).
test.use( { viewport: { width: 1440, height: 900 } } );

test.describe( 'Off-site copies from the screen', () => {
	const stamp = Date.now();
	const oldServer = `/tmp/sb-e2e-offsite-${ stamp }-old`;
	const newServer = `/tmp/sb-e2e-offsite-${ stamp }-new`;
	let suiteStore = '';
	let suiteExclusions = '';

	test.beforeAll( async () => {
		await waitForNoRunningJob();
		suiteStore = phpOnProduction(
			'echo get_option( "site_backups_store_dir" );'
		);
		suiteExclusions = phpOnProduction(
			'echo wp_json_encode( SiteBackups\\Backup\\Exclusions::saved() );'
		);
		// WordPress's own code is most of a copy and adds nothing to what is tested here.
		phpOnProduction(
			'SiteBackups\\Backup\\Exclusions::save( array( "wp-includes", "wp-admin" ) );'
		);
		useStore( oldServer );
	} );

	test.afterAll( () => {
		phpOnProduction(
			`SiteBackups\\Backup\\Exclusions::save( json_decode( ${ JSON.stringify(
				suiteExclusions
			) }, true ) );`
		);
		useStore( suiteStore );
		fs.rmSync( oldServer, { recursive: true, force: true } );
		fs.rmSync( newServer, { recursive: true, force: true } );
	} );

	test( 'an administrator sets them up, and a new server fetches and downloads a backup from the bucket', async ( {
		page,
	}, testInfo ) => {
		test.setTimeout( TIMEOUT );
		const bucket = stackBucket();
		const prefix = `e2e-${ stamp }`;
		const note = `Kept off-site ${ stamp }`;

		await page.goto( SCREEN );
		await page
			.getByRole( 'button', { name: 'Set up off-site copies' } )
			.click();
		let dialog = await saveSettings(
			page,
			bucket,
			prefix,
			'not-the-secret'
		);
		await expect( dialog.getByText( /secret was refused/ ) ).toBeVisible( {
			timeout: 30_000,
		} );
		await expect( dialog.getByLabel( 'Bucket' ) ).toHaveValue(
			bucket.bucket
		);
		await dialog.getByLabel( 'Secret key' ).fill( bucket.secret );
		await dialog.getByRole( 'button', { name: 'Save' } ).click();
		await expect( dialog ).toBeHidden( { timeout: 30_000 } );
		await expect(
			page.getByText( new RegExp( `prefix ${ prefix }` ) )
		).toBeVisible();
		await expect( page.getByText( bucket.secret ) ).toHaveCount( 0 );

		// Saving starts a copy of what is not off-site yet; then a backup goes there too.
		await waitForNoRunningJob();
		const id = siteBackups( [
			'create',
			'--environment=staging',
			`--note=${ note }`,
			'--porcelain',
		] );

		// The screen asks to save the recovery key, and shows it once.
		await page.goto( SCREEN );
		await page
			.getByRole( 'button', { name: 'Show the recovery key' } )
			.click();
		const recoveryKey =
			( await page
				.locator( '.site-backups__recovery-key' )
				.textContent() ) ?? '';
		expect( recoveryKey ).toMatch( /^[A-Za-z0-9+/]{43}=$/ );
		await page.getByRole( 'button', { name: 'I have saved it' } ).click();
		await page.reload();
		await expect( page.getByText( note ) ).toBeVisible();
		await expect(
			page.getByRole( 'button', { name: 'Show the recovery key' } )
		).toHaveCount( 0 );

		// A new server: an empty disk, so no backups, no settings and no key.
		useStore( newServer );
		await page.goto( SCREEN );
		await page
			.getByRole( 'button', { name: 'Set up off-site copies' } )
			.click();
		dialog = await saveSettings( page, bucket, prefix, bucket.secret );
		await expect( dialog ).toBeHidden( { timeout: 30_000 } );
		await waitForNoRunningJob();
		await page.reload();

		const row = page.getByRole( 'row' ).filter( { hasText: note } );
		await expect( row ).toBeVisible();
		await expect(
			row.getByText( 'Not verified: signed with another recovery key' )
		).toBeVisible();
		await expect(
			row.getByRole( 'button', {
				name: /^Fetch the backup of .* from off-site storage$/,
			} )
		).toHaveAttribute( 'aria-disabled', 'true' );

		// The old server's key, typed in the settings: the backup is its own again.
		await page
			.getByRole( 'button', { name: 'Change off-site settings' } )
			.click();
		dialog = page.getByRole( 'dialog' );
		await dialog
			.getByLabel( 'Recovery key', { exact: true } )
			.fill( recoveryKey );
		await dialog.getByRole( 'button', { name: 'Save' } ).click();
		await expect( dialog ).toBeHidden( { timeout: 30_000 } );
		await waitForNoRunningJob();
		await expect( row.getByText( /Not verified/ ) ).toHaveCount( 0 );
		await expect(
			row.getByRole( 'link', { name: /^Download the backup of / } )
		).toHaveCount( 0 );
		await row
			.getByRole( 'button', {
				name: /^Fetch the backup of .* from off-site storage$/,
			} )
			.click();
		// A small backup may be fetched before the next poll shows its progress
		// (the progress panel itself is covered by the jest tests).
		const fetched = page
			.locator( '.site-backups__notices' )
			.getByText( /is on this server now: you can download it/ );
		await expect(
			page
				.getByText( 'Fetching from off-site storage' )
				.or( fetched )
				.first()
		).toBeVisible();
		await expect( fetched ).toBeVisible( { timeout: TIMEOUT } );
		await page.screenshot( {
			path: testInfo.outputPath( 'fetched.png' ),
		} );

		const link = row.getByRole( 'link', {
			name: /^Download the backup of /,
		} );
		await expect( link ).toBeVisible();
		const downloading = page.waitForEvent( 'download' );
		await link.click();
		const download = await downloading;
		const zip = testInfo.outputPath( 'fetched.zip' );
		await download.saveAs( zip );
		expect(
			fs.readFileSync( zip ).subarray( 0, 4 ).toString( 'hex' )
		).toBe( '504b0304' );
		expect( download.suggestedFilename() ).toContain( id.slice( -8 ) );

		// Turned off: the screen offers to set them up again.
		await page
			.getByRole( 'button', { name: 'Change off-site settings' } )
			.click();
		dialog = page.getByRole( 'dialog' );
		await dialog
			.getByRole( 'button', { name: 'Turn off off-site copies' } )
			.click();
		await dialog.getByRole( 'button', { name: 'Turn off' } ).click();
		await expect( dialog ).toBeHidden();
		await expect(
			page.getByRole( 'button', { name: 'Set up off-site copies' } )
		).toBeVisible();
	} );
} );
