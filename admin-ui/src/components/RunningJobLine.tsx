import { __ } from '@wordpress/i18n';

import type { ApiJob } from '../api/types';
import type { JobView } from '../view-models/job-view';
import { runningJobLine } from '../view-models/running-job';
import { Button } from './ui';

interface Props {
	job: ApiJob;
	view: JobView;
	onCancel: () => void;
}

/**
 * The running job on the tab that does not show its progress: one line,
 * and its Cancel while it can still be stopped. Not a live region: the
 * percent changes with every poll.
 *
 * @param props          Component props.
 * @param props.job      The running job.
 * @param props.view     Its progress.
 * @param props.onCancel Called when the admin asks to cancel.
 */
export function RunningJobLine( { job, view, onCancel }: Props ) {
	return (
		<div className="site-backups__running-elsewhere">
			<p>{ runningJobLine( job, view.percent ) }</p>
			{ view.canCancel && (
				<Button
					variant="secondary"
					isDestructive
					size="compact"
					onClick={ onCancel }
					disabled={ view.cancelling }
					accessibleWhenDisabled
				>
					{ view.cancelling
						? __( 'Cancelling…', 'site-backups' )
						: __( 'Cancel backup', 'site-backups' ) }
				</Button>
			) }
		</div>
	);
}
