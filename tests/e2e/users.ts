/**
 * Users of other roles, created through the REST API for access tests.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';

export interface TestUser {
	username: string;
	password: string;
}

/**
 * Creates a user of the given role unless one exists already.
 *
 * @param requestUtils REST helpers logged in as the administrator.
 * @param role         WordPress role name.
 */
export async function ensureUser(
	requestUtils: RequestUtils,
	role: string
): Promise< TestUser > {
	const user = {
		username: `e2e-${ role }`,
		password: `e2e-${ role }-password`,
	};
	const existing = ( await requestUtils.rest( {
		path: '/wp/v2/users',
		params: { search: user.username, context: 'edit' },
	} ) ) as Array< { id: number; username: string } >;
	if ( ! existing.some( ( found ) => found.username === user.username ) ) {
		await requestUtils.createUser( {
			...user,
			email: `${ user.username }@example.test`,
			roles: [ role ],
		} );
	}
	return user;
}

/**
 * A fresh browser context logged in through the real login form.
 *
 * @param browser The browser to open the context in.
 * @param baseURL The site's address.
 * @param user    Who to log in as.
 */
export async function loggedInContext(
	browser: Browser,
	baseURL: string,
	user: TestUser
): Promise< BrowserContext > {
	const context = await browser.newContext( {
		baseURL,
		storageState: { cookies: [], origins: [] },
	} );
	const page = await context.newPage();
	await page.goto( '/wp-login.php' );
	await page.fill( '#user_login', user.username );
	await page.fill( '#user_pass', user.password );
	await Promise.all( [
		page.waitForURL( /wp-admin/ ),
		page.click( '#wp-submit' ),
	] );
	await page.close();
	return context;
}
