import { render, screen } from '@testing-library/react';
import { job } from '../test-utils/fixtures';
import { toJobView } from '../view-models/job-view';
import { JobProgress } from './JobProgress';

describe( 'A job whose database went away', () => {
	it( 'says it waits for the database and that its work is kept', () => {
		render(
			<JobProgress
				job={ toJobView(
					job( {
						waiting: {
							since: '2026-12-04T22:00:00+00:00',
							reason: 'MySQL server has gone away',
						},
					} )
				) }
				onCancel={ jest.fn() }
			/>
		);
		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Waiting for the database… It stopped answering for a moment; the work done so far is kept'
		);
	} );

	it( 'says nothing of the kind while the database answers', () => {
		render(
			<JobProgress job={ toJobView( job() ) } onCancel={ jest.fn() } />
		);
		expect( screen.getByRole( 'status' ) ).not.toHaveTextContent(
			'Waiting for the database'
		);
	} );

	it( 'says nothing of the kind once the job has ended', () => {
		const ended = toJobView(
			job( {
				status: 'failed',
				waiting: { since: null, reason: 'gone' },
			} )
		);
		expect( ended.waitingForDatabase ).toBe( false );
	} );
} );
