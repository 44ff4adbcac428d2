import { useDispatch } from '@wordpress/data';

import type { ApiPlan } from '../api/types';
import { store } from '../store';
import type { OffsiteOutcome } from '../store/offsite-actions';
import type { OffsiteSetup } from '../view-models/offsite-setup';
import { OffsiteSettingsDialog } from './OffsiteSettingsDialog';

interface Props {
	setup: OffsiteSetup;
	plan: ApiPlan;
	onClose: () => void;
	/** Opens with a new encryption key in place, to turn encryption on. */
	encrypt?: boolean;
}

/**
 * The off-site settings dialog, saving and turning copies off through the
 * screen's store.
 *
 * @param props         Component props.
 * @param props.setup   The off-site copies as set up now.
 * @param props.plan    The hosting plan, for the retention it names.
 * @param props.onClose Called when the dialog closes.
 * @param props.encrypt Whether it opens with a new encryption key in place.
 */
export function OffsiteSettingsEditor( {
	setup,
	plan,
	onClose,
	encrypt = false,
}: Props ) {
	const actions = useDispatch( store );
	return (
		<OffsiteSettingsDialog
			setup={ setup }
			plan={ plan }
			encrypt={ encrypt }
			onSave={ ( body, recoveryKey ) =>
				actions.saveOffsiteSettings(
					body,
					recoveryKey
				) as Promise< OffsiteOutcome >
			}
			onTurnOff={ () =>
				actions.turnOffOffsite() as Promise< OffsiteOutcome >
			}
			onClose={ onClose }
		/>
	);
}
