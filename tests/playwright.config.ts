/**
 * End-to-end tests: a real Chromium (Debian's package) against the test
 * stack's real WordPress, served by nginx and PHP-FPM.
 */
import { defineConfig } from '@playwright/test';
import path from 'node:path';

const artifacts = path.join( __dirname, '..', 'artifacts' );
process.env.WP_BASE_URL ??= 'http://localhost:8898';
process.env.STORAGE_STATE_PATH ??= path.join(
	artifacts,
	'e2e',
	'storage-states',
	'admin.json'
);

export default defineConfig( {
	testDir: path.join( __dirname, 'e2e' ),
	outputDir: path.join( artifacts, 'e2e', 'results' ),
	globalSetup: require.resolve( './e2e/global-setup.ts' ),
	fullyParallel: false,
	// A stray test.only must fail the run, not silently skip the rest.
	forbidOnly: true,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: [
		[ 'list' ],
		[
			'junit',
			{
				outputFile:
					process.env.SITE_BACKUPS_E2E_JUNIT ??
					path.join( artifacts, 'junit-e2e.xml' ),
			},
		],
	],
	use: {
		baseURL: process.env.WP_BASE_URL,
		storageState: process.env.STORAGE_STATE_PATH,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			// No network but the loopback here: keep Chromium from calling home.
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		},
	},
} );
