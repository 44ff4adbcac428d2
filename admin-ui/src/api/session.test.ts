import { ApiError, toApiError } from './client';
import {
	isSessionEnded,
	onSessionEnded,
	reportIfSessionEnded,
} from './session';

describe( 'ended login', () => {
	it( 'is recognised by the codes WordPress answers with', () => {
		for ( const [ status, code ] of [
			[ 401, 'rest_not_logged_in' ],
			[ 403, 'rest_cookie_invalid_nonce' ],
			[ 401, 'rest_forbidden' ],
		] as const ) {
			expect(
				isSessionEnded( new ApiError( '', code, status, null ) )
			).toBe( true );
		}
		expect(
			isSessionEnded(
				new ApiError( '', 'site_backups_job_running', 409, null )
			)
		).toBe( false );
		expect(
			isSessionEnded( new ApiError( '', 'rest_forbidden', 500, null ) )
		).toBe( false );
	} );

	it( 'is recognised when apiFetch cannot renew the nonce', () => {
		const error = toApiError( {
			url: 'https://example.test/wp-admin/admin-ajax.php?action=rest-nonce',
			status: 400,
		} );
		expect( isSessionEnded( error ) ).toBe( true );
	} );

	it( 'is told to the listeners until they stop listening', () => {
		const listener = jest.fn();
		const stop = onSessionEnded( listener );
		reportIfSessionEnded(
			new ApiError( '', 'rest_not_logged_in', 401, null )
		);
		reportIfSessionEnded( new ApiError( '', 'rest_no_route', 404, null ) );
		stop();
		reportIfSessionEnded(
			new ApiError( '', 'rest_not_logged_in', 401, null )
		);
		expect( listener ).toHaveBeenCalledTimes( 1 );
	} );
} );
