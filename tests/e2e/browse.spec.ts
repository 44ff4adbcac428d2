/**
 * Browse and Compare with… on real backups: the tree of a backup opens a
 * folder and previews a text file from the backup itself; the comparison
 * with the backup before tells of a PHP file that appeared in uploads; axe
 * finds nothing serious in either dialog.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from '@wordpress/e2e-test-utils-playwright';

import { phpOnProduction, siteBackups } from './wp-cli';

const SCREEN = '/wp-admin/tools.php?page=site-backups';
const JOB_TIMEOUT = 180_000;
const BEFORE = 'Browse: before the upload';
const AFTER = 'Browse: after the upload';
// Where break-ins leave code, and WordPress never does.
const PROBE = 'site-backups-e2e-browse/probe.php';

async function waitForNoRunningJob() {
	await expect
		.poll(
			() =>
				phpOnProduction(
					'echo SiteBackups\\Plugin::instance()->job_runner()->active() ? "running" : "idle";'
				),
			{ timeout: JOB_TIMEOUT, intervals: [ 1000 ] }
		)
		.toBe( 'idle' );
}

function createBackup( note: string ): string {
	return siteBackups( [
		'create',
		'--environment=production',
		`--note=${ note }`,
		'--porcelain',
	] );
}

/**
 * Puts the probe in uploads, or takes it away.
 *
 * @param present Whether it should be there.
 */
function probe( present: boolean ) {
	const file = `wp_upload_dir()['basedir'] . '/${ PROBE }'`;
	phpOnProduction(
		present
			? `wp_mkdir_p( dirname( ${ file } ) ); file_put_contents( ${ file }, '<?php // e2e' );`
			: `@unlink( ${ file } ); @rmdir( dirname( ${ file } ) );`
	);
}

/**
 * Serious and critical axe violations inside one part of the page.
 *
 * @param page     The page.
 * @param selector The part scanned.
 */
async function serious( page: Page, selector: string ) {
	return (
		await new AxeBuilder( { page } ).include( selector ).analyze()
	).violations
		.filter(
			( violation ) =>
				violation.impact === 'serious' ||
				violation.impact === 'critical'
		)
		.map( ( violation ) => ( {
			id: violation.id,
			help: violation.help,
			nodes: violation.nodes.map( ( node ) => node.target ),
		} ) );
}

async function openAction( page: Page, id: string, action: RegExp ) {
	const row = page.locator( `tr[data-backup-id="${ id }"]` );
	await row
		.getByRole( 'button', { name: /^Actions for the backup of / } )
		.click();
	await page.getByRole( 'menuitem', { name: action } ).click();
}

test.describe( 'Browse and Compare with…', () => {
	test.describe.configure( { mode: 'serial' } );
	let after = '';

	test.beforeAll( async () => {
		test.setTimeout( 3 * JOB_TIMEOUT );
		await waitForNoRunningJob();
		probe( false );
		createBackup( BEFORE );
		probe( true );
		after = createBackup( AFTER );
	} );

	test.afterAll( () => {
		probe( false );
	} );

	test( 'opens wp-content in the tree and previews a text file from the backup', async ( {
		page,
	} ) => {
		await page.setViewportSize( { width: 1280, height: 900 } );
		await page.goto( SCREEN );
		await openAction( page, after, /^Browse the files and tables of / );
		const dialog = page.getByRole( 'dialog', {
			name: /^Browse the backup of /,
		} );
		const tree = dialog.getByRole( 'tree', {
			name: 'Files of the backup',
		} );
		// A row's name is its path's name, then its size and time.
		const folder = tree.getByRole( 'treeitem', { name: /^wp-content / } );
		await expect( folder ).toHaveAttribute( 'aria-expanded', 'false' );
		// By keyboard: into the tree, to wp-content, open it.
		await folder.focus();
		await page.keyboard.press( 'ArrowRight' );
		await expect( folder ).toHaveAttribute( 'aria-expanded', 'true' );
		const index = tree
			.getByRole( 'treeitem', { name: /^index\.php / } )
			.and( page.locator( '[aria-level="2"]' ) );
		await expect( index ).toHaveAttribute( 'aria-level', '2' );
		await index.click();
		await expect( index ).toHaveAttribute( 'aria-selected', 'true' );
		await expect(
			dialog.getByRole( 'region', { name: 'Start of the file' } )
		).toContainText( 'Silence is golden' );
		const download = dialog.getByRole( 'link', {
			name: 'Download this file',
		} );
		await expect( download ).toHaveAttribute(
			'href',
			/files\/content.*_wpnonce=.*path=wp-content%2Findex\.php/
		);
		expect( await serious( page, '.site-backups__browse-dialog' ) ).toEqual(
			[]
		);
		await dialog.getByRole( 'button', { name: 'Close' } ).click();
		await expect( dialog ).toBeHidden();
	} );

	test( 'compares with the backup before and flags the PHP file in uploads', async ( {
		page,
	} ) => {
		await page.setViewportSize( { width: 1280, height: 900 } );
		await page.goto( SCREEN );
		await openAction( page, after, /^Compare with… \(the backup of / );
		const dialog = page.getByRole( 'dialog', {
			name: /^Changes in the backup of /,
		} );
		await expect(
			dialog.getByText( '1 new PHP file in uploads', { exact: true } )
		).toBeVisible();
		await expect(
			dialog.getByText( /^1 PHP file appeared in the uploads folder\./ )
		).toBeVisible();
		await expect(
			dialog.locator( 'tr.is-flagged', { hasText: PROBE } )
		).toContainText( 'PHP file in uploads' );
		await expect(
			dialog.getByRole( 'combobox', { name: 'Compared with' } )
		).toHaveValue( /.+/ );
		expect(
			await serious( page, '.site-backups__compare-dialog' )
		).toEqual( [] );
	} );
} );
