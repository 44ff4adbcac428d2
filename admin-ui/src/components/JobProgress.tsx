import { Button, ProgressBar } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import type { JobView } from '../api/normalize';

interface Props {
	job: JobView;
	onCancel: () => void;
}

/**
 * The running backup: phase, percent and a way to stop it.
 *
 * @param props          Component props.
 * @param props.job      The job to show.
 * @param props.onCancel Called when the admin asks to cancel.
 */
export function JobProgress( { job, onCancel }: Props ) {
	const panel = useRef< HTMLDivElement >( null );
	// Keyboard and screen-reader users land on the progress they just started.
	useEffect( () => {
		panel.current?.focus();
	}, [ job.id ] );
	const label =
		job.percent === null
			? job.phaseLabel
			: sprintf(
					/* translators: 1: what the backup is doing, 2: percent done. */
					__( '%1$s: %2$d%%', 'site-backups' ),
					job.phaseLabel,
					job.percent
				);
	return (
		<div
			ref={ panel }
			tabIndex={ -1 }
			className="site-backups__progress"
			role="status"
			aria-live="polite"
		>
			<p className="site-backups__progress-label">
				{ job.environment === 'staging'
					? __( 'Backing up staging…', 'site-backups' )
					: __( 'Backing up production…', 'site-backups' ) }{ ' ' }
				<span>{ label }</span>
			</p>
			<ProgressBar
				className="site-backups__progress-bar"
				value={ job.percent ?? undefined }
				aria-label={ __( 'Backup progress', 'site-backups' ) }
			/>
			{ job.detail && (
				<p className="site-backups__progress-detail">{ job.detail }</p>
			) }
			<Button
				variant="secondary"
				isDestructive
				onClick={ onCancel }
				disabled={ job.cancelling }
				__next40pxDefaultSize
			>
				{ job.cancelling
					? __( 'Cancelling…', 'site-backups' )
					: __( 'Cancel backup', 'site-backups' ) }
			</Button>
		</div>
	);
}
