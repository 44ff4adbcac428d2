import { job } from '../test-utils/fixtures';
import { withSiteDate } from '../test-utils/site-date';
import {
	jobStartSentence,
	runningJobLine,
	runningJobSentence,
} from './running-job';

// 21:22 in Paris.
const at = '2026-11-26T20:22:00+00:00';

describe( 'a running job, named', () => {
	withSiteDate( 'Europe/Paris', 'j F Y', 'g:i a' );

	it( 'names what runs and when it started, in the site’s time', () => {
		expect( runningJobSentence( job( { created: at } ) ) ).toBe(
			'A production backup started at 9:22 pm is running.'
		);
		expect(
			runningJobSentence( job( { created: at, environment: 'staging' } ) )
		).toBe( 'A staging backup started at 9:22 pm is running.' );
		expect(
			runningJobSentence(
				job( { created: at, kind: 'restore', environment: 'staging' } )
			)
		).toBe( 'A restore of Staging started at 9:22 pm is running.' );
		expect(
			runningJobSentence( job( { created: at, kind: 'fetch' } ) )
		).toBe(
			'Fetching a backup from off-site storage, started at 9:22 pm, is running.'
		);
		expect(
			runningJobSentence(
				job( { created: at, kind: 'offsite', environment: '' } )
			)
		).toBe(
			'A copy of the backups to off-site storage, started at 9:22 pm, is running.'
		);
	} );

	it( 'says it in a line, with its percent when known', () => {
		expect( runningJobLine( job( { environment: 'staging' } ), 45 ) ).toBe(
			'A staging backup is running… (45%)'
		);
		expect( runningJobLine( job(), null ) ).toBe(
			'A production backup is running…'
		);
	} );

	it( 'says its start', () => {
		expect( jobStartSentence( job() ) ).toBe(
			'The production backup has started.'
		);
		expect(
			jobStartSentence(
				job( { kind: 'restore', environment: 'staging' } )
			)
		).toBe( 'The restore of Staging has started.' );
	} );
} );
