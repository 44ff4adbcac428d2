/**
 * Whether each backup's actions fold into one menu: on screens narrower than
 * WordPress's "huge" breakpoint (1440 px), where four buttons beside eight
 * columns would push the last ones off the screen or squeeze the columns.
 * Where the width cannot be known, they stay buttons.
 */
import { useMediaQuery } from '@wordpress/compose';

export const ACTIONS_MENU_QUERY = '(max-width: 1439px)';

export function useActionsAsMenu(): boolean {
	return useMediaQuery( ACTIONS_MENU_QUERY );
}
