/**
 * What the server tells the screen when it prints the page
 * (`window.siteBackupsAdmin`, see plugin/Admin/AdminPage.php), checked and
 * with safe defaults so the screen still works without it.
 */
import type { EnvironmentName } from './api/types';

export interface PageData {
	/** The REST root URL, ending with a slash. */
	restRoot: string;
	/** A REST nonce for links the browser follows itself. */
	restNonce: string;
	/** The login page. */
	loginUrl: string;
	/** The environment this screen runs on. */
	currentEnvironment: EnvironmentName;
	/** The site's time zone: a region, or an offset such as "+02:00". */
	timezone: string;
	/** The site's date format (PHP's), as Settings → General sets it. */
	dateFormat: string;
	/** The site's time format (PHP's). */
	timeFormat: string;
	/** The site's title (Settings → General); '' when it has none. */
	siteName: string;
}

declare global {
	interface Window {
		siteBackupsAdmin?: Partial< Record< keyof PageData, unknown > >;
	}
}

function text( value: unknown, fallback: string ): string {
	return typeof value === 'string' && value !== '' ? value : fallback;
}

export function pageData(): PageData {
	const raw = window.siteBackupsAdmin ?? {};
	return {
		restRoot: text( raw.restRoot, '/wp-json/' ),
		restNonce: text( raw.restNonce, '' ),
		loginUrl: text( raw.loginUrl, '/wp-login.php' ),
		currentEnvironment:
			raw.currentEnvironment === 'staging' ? 'staging' : 'production',
		timezone: text( raw.timezone, 'UTC' ),
		dateFormat: text( raw.dateFormat, 'F j, Y' ),
		timeFormat: text( raw.timeFormat, 'g:i a' ),
		siteName: text( raw.siteName, '' ),
	};
}

/**
 * The language the admin reads the screen in, as the page declares it
 * ("fr-FR"); WordPress's own when it does not.
 */
export function pageLocale(): string {
	return document.documentElement.lang || 'en-US';
}
