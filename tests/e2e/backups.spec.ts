/**
 * Backing up from the screen, on the real site: production and staging,
 * progress that survives a reload, delete, and a long list.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '@wordpress/e2e-test-utils-playwright';

import { phpOnProduction } from './wp-cli';

const SCREEN = '/wp-admin/tools.php?page=site-backups';
const ARTIFACTS = path.join( __dirname, '..', '..', 'artifacts' );
const SCREENSHOTS = path.join( ARTIFACTS, 'screenshots' );
const BACKUP_TIMEOUT = 180_000;

async function waitForNoRunningJob() {
	await expect
		.poll(
			() =>
				phpOnProduction(
					'echo SiteBackups\\Plugin::instance()->job_runner()->active() ? "running" : "idle";'
				),
			{ timeout: BACKUP_TIMEOUT, intervals: [ 1000 ] }
		)
		.toBe( 'idle' );
}

async function createBackup( page: Page, button: string, note: string ) {
	await page.getByLabel( 'Note (optional)' ).fill( note );
	await page.getByRole( 'button', { name: button } ).click();
	await expect(
		page
			.getByRole( 'list', { name: 'Notifications' } )
			.getByText( /backup is complete/ )
	).toBeVisible( { timeout: BACKUP_TIMEOUT } );
	const row = page.getByRole( 'row' ).filter( { hasText: note } );
	await expect( row ).toBeVisible();
	return row;
}

// Wide enough for each backup's actions to be buttons of their own; narrower
// screens fold them into one menu a row (list-layout.spec.ts).
test.use( { viewport: { width: 1440, height: 900 } } );

test.describe( 'Backups from the screen', () => {
	test.describe.configure( { mode: 'serial' } );

	test.beforeAll( async () => {
		await waitForNoRunningJob();
	} );

	// @hosts: run on every host variant too (tests/stack/variants.sh), where jobs may move on
	// only while the screen's own requests come in.
	test(
		'an administrator backs up production and sees it in the list',
		{ tag: '@hosts' },
		async ( { page } ) => {
			test.setTimeout( BACKUP_TIMEOUT + 60_000 );
			await page.goto( SCREEN );
			const note = `Before theme update ${ Date.now() }`;
			const row = await createBackup(
				page,
				'Create a new backup from Production',
				note
			);
			await expect( row ).toContainText( 'Manual' );
			await expect( row ).toContainText( 'Complete' );
			await page.screenshot( {
				path: path.join( SCREENSHOTS, 'production-with-backup.png' ),
				fullPage: true,
			} );

			await row
				.getByRole( 'button', { name: /^Details of the backup/ } )
				.click();
			const details = page.getByRole( 'dialog' );
			await expect( details ).toContainText( 'Files' );
			await expect( details ).toContainText( 'Left out on purpose' );
			await page.screenshot( {
				path: path.join( SCREENSHOTS, 'backup-details.png' ),
			} );
			await details.getByRole( 'button', { name: 'Close' } ).click();
		}
	);

	test( 'staging says it is never backed up automatically, and backs up by hand', async ( {
		page,
	} ) => {
		await page.goto( `${ SCREEN }&view=staging` );
		const region = page.getByRole( 'region', { name: 'Staging backups' } );
		await expect( region ).toContainText(
			'Staging sites do not receive automatic backups'
		);
		const note = `Staging check ${ Date.now() }`;
		const row = await createBackup(
			page,
			'Create new backup for staging',
			note
		);
		await expect( row ).toContainText( 'Manual' );
		await page.screenshot( {
			path: path.join( SCREENSHOTS, 'staging-with-backup.png' ),
			fullPage: true,
		} );
	} );

	test( 'a backup is deleted only after confirming', async ( { page } ) => {
		await page.goto( SCREEN );
		const note = `To delete ${ Date.now() }`;
		const row = await createBackup(
			page,
			'Create a new backup from Production',
			note
		);
		await row
			.getByRole( 'button', { name: /^Delete the backup of/ } )
			.click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Delete this backup?',
		} );
		await dialog.getByRole( 'button', { name: 'Keep it' } ).click();
		await expect( row ).toBeVisible();

		await row
			.getByRole( 'button', { name: /^Delete the backup of/ } )
			.click();
		await page
			.getByRole( 'dialog', { name: 'Delete this backup?' } )
			.getByRole( 'button', { name: 'Delete backup' } )
			.click();
		await expect(
			page.getByRole( 'row' ).filter( { hasText: note } )
		).toHaveCount( 0 );
		await page.reload();
		await expect( page.getByRole( 'table' ) ).toBeVisible();
		await expect(
			page.getByRole( 'row' ).filter( { hasText: note } )
		).toHaveCount( 0 );
	} );

	test( 'a running backup is found again after a reload, with its progress', async ( {
		page,
	} ) => {
		// Letting go of the lease below leaves the job to the minute watchdog.
		test.setTimeout( BACKUP_TIMEOUT + 60_000 );
		// Another request holds the slice lease, as a long slice would: the
		// backup stays in progress until the test lets it go on.
		phpOnProduction(
			'update_option( "site_backups_slice_lease", wp_json_encode( array( "owner" => "e2e", "expires" => time() + 300 ) ), false );'
		);
		try {
			await page.goto( SCREEN );
			await page
				.getByRole( 'button', {
					name: 'Create a new backup from Production',
				} )
				.click();
			await expect(
				page.getByRole( 'progressbar', { name: 'Backup progress' } )
			).toBeVisible();
			await page.screenshot( {
				path: path.join( SCREENSHOTS, 'backup-in-progress.png' ),
				fullPage: true,
			} );

			await page.reload();
			await expect(
				page.getByRole( 'progressbar', { name: 'Backup progress' } )
			).toBeVisible();
			await expect(
				page.getByRole( 'button', {
					name: 'Create a new backup from Production',
				} )
			).toHaveAttribute( 'aria-disabled', 'true' );
			await expect(
				page.getByText( 'A backup of this environment is running.' )
			).toBeVisible();
		} finally {
			phpOnProduction( 'delete_option( "site_backups_slice_lease" );' );
		}
		// Let go: WP-Cron and the loopback requests finish it on their own.
		await expect(
			page
				.getByRole( 'list', { name: 'Notifications' } )
				.getByText( /backup is complete/ )
		).toBeVisible( { timeout: BACKUP_TIMEOUT } );
		await expect(
			page.getByRole( 'progressbar', { name: 'Backup progress' } )
		).toHaveCount( 0 );
	} );

	test( 'the screen works at 360 px wide', async ( { page } ) => {
		await page.setViewportSize( { width: 360, height: 800 } );
		await page.goto( SCREEN );
		await expect( page.getByRole( 'table' ) ).toBeVisible();
		const overflow = await page.evaluate(
			() =>
				document.querySelector( '.site-backups' )!.scrollWidth >
				document.querySelector( '.site-backups' )!.clientWidth + 1
		);
		expect( overflow ).toBe( false );
		await page.screenshot( {
			path: path.join( SCREENSHOTS, 'production-360px.png' ),
			fullPage: true,
		} );
	} );

	test( '120 recovery points: the list renders quickly (measured, not asserted)', async ( {
		page,
	} ) => {
		const ids = phpOnProduction(
			'$c = SiteBackups\\Plugin::instance()->backups()->engine()->store()->snapshots(); $ids = array(); for ( $i = 0; $i < 120; $i++ ) { $t = time() - $i * 3600; $id = SiteBackups\\Engine\\Snapshot\\SnapshotId::generate( $t * 1000 ); $c->publish( new SiteBackups\\Engine\\Snapshot\\SnapshotRecord( $id, null, array( "environment" => "staging", "trigger" => "manual", "note" => "Listed $i", "started_at" => (float) $t, "status" => "complete" ), array() ) ); $ids[] = $id; } echo implode( ",", $ids );'
		).split( ',' );
		try {
			await page.goto( `${ SCREEN }&view=staging` );
			await expect( page.getByRole( 'table' ) ).toBeVisible();
			const started = Date.now();
			await page.getByLabel( 'Type' ).selectOption( 'manual' );
			await expect(
				page.getByRole( 'row' ).filter( { hasText: 'Listed 0' } )
			).toBeVisible();
			const elapsed = Date.now() - started;
			const pages = await page.getByText( /Page 1 of \d+/ ).textContent();
			fs.mkdirSync( ARTIFACTS, { recursive: true } );
			fs.writeFileSync(
				path.join( ARTIFACTS, 'list-render.json' ),
				JSON.stringify( {
					recovery_points: 120,
					pages,
					render_ms: elapsed,
				} )
			);
			// eslint-disable-next-line no-console
			console.log(
				`List of 120 recovery points: first page shown ${ elapsed } ms after filtering (${ pages })`
			);
		} finally {
			phpOnProduction(
				`$c = SiteBackups\\Plugin::instance()->backups()->engine()->store()->snapshots(); foreach ( explode( ",", "${ ids.join( ',' ) }" ) as $id ) { $c->delete( $id ); }`
			);
		}
	} );
} );
