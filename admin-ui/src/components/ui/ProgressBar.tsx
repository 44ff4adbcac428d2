import { classNames } from './class-names';

interface Props {
	/** Percent done, 0 to 100; left out while it is not known. */
	value?: number;
	className?: string;
	/** What progresses, such as "Backup progress". */
	'aria-label': string;
}

/**
 * How much of a job is done: a bar filled to its percent, or moving while
 * the percent is not known. Screen readers read the percent from
 * aria-valuenow, and no value at all while it is not known.
 *
 * @param props            Component props.
 * @param props.value      Percent done; undefined while not known.
 * @param props.className  Extra class names.
 * @param props.aria-label What progresses.
 */
export function ProgressBar( {
	value,
	className,
	'aria-label': label,
}: Props ) {
	const known = value !== undefined && Number.isFinite( value );
	const percent = known ? Math.min( 100, Math.max( 0, value ) ) : null;
	return (
		<div
			role="progressbar"
			aria-label={ label }
			aria-valuemin={ 0 }
			aria-valuemax={ 100 }
			aria-valuenow={ percent ?? undefined }
			className={ classNames(
				'site-backups-progress-bar',
				percent === null && 'is-indeterminate',
				className
			) }
		>
			<div
				className="site-backups-progress-bar__indicator"
				style={
					percent === null ? undefined : { width: `${ percent }%` }
				}
			/>
		</div>
	);
}
