import { loginUrlAfterRestore } from './login-after-restore';

describe( 'login after a restore', () => {
	it( 'asks the login page to explain and to come back to the screen', () => {
		const url = new URL(
			loginUrlAfterRestore(
				'https://example.test/wp-login.php',
				'https://example.test/wp-admin/tools.php?page=site-backups&view=staging'
			)
		);
		expect( url.pathname ).toBe( '/wp-login.php' );
		expect( url.searchParams.get( 'site_backups_restored' ) ).toBe( '1' );
		expect( url.searchParams.get( 'redirect_to' ) ).toBe(
			'https://example.test/wp-admin/tools.php?page=site-backups&view=staging'
		);
	} );
} );
