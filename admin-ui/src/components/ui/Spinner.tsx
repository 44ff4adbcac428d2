interface Props {
	/** Said to screen readers where no text beside it says what loads. */
	label?: string;
}

/**
 * WordPress admin's own spinner, inline with the text beside it.
 *
 * @param props       Component props.
 * @param props.label What is loading, where no text beside it says so.
 */
export function Spinner( { label }: Props ) {
	return (
		<>
			<span
				className="spinner is-active site-backups-spinner"
				aria-hidden="true"
			/>
			{ label && <span className="screen-reader-text">{ label }</span> }
		</>
	);
}
