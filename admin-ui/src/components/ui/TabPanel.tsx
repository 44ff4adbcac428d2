import { useId, useRef, useState } from '@wordpress/element';
import { isRTL } from '@wordpress/i18n';
import type { KeyboardEvent, ReactNode } from 'react';

import { classNames } from './class-names';

export interface Tab {
	/** Unique among the tabs; onSelect is told it. */
	name: string;
	/** What the tab reads. */
	title: string;
}

interface Props< T extends Tab > {
	tabs: T[];
	/** Draws the panel of the selected tab. */
	children: ( tab: T ) => ReactNode;
	/** The tab selected at first; the first tab when it names none of them. */
	initialTabName?: string;
	/** Told the name of each tab chosen after the first. */
	onSelect?: ( name: string ) => void;
	className?: string;
}

/**
 * Tabs drawn as WordPress admin draws its own (`nav-tab`), with one panel
 * each. Only the selected tab is in the Tab order; the arrow keys, Home and
 * End choose another and move focus to it, and its panel shows at once.
 *
 * @param props                Component props.
 * @param props.tabs           The tabs, in order.
 * @param props.children       Draws the selected tab's panel.
 * @param props.initialTabName The tab selected at first.
 * @param props.onSelect       Told the name of a tab chosen.
 * @param props.className      Classes added to the whole.
 */
export function TabPanel< T extends Tab >( {
	tabs,
	children,
	initialTabName,
	onSelect,
	className,
}: Props< T > ) {
	const id = useId();
	const listRef = useRef< HTMLDivElement >( null );
	const [ chosen, setChosen ] = useState( initialTabName );
	const selected = tabs.find( ( tab ) => tab.name === chosen ) ?? tabs[ 0 ];
	const tabId = ( tab: T ) => `${ id }-tab-${ tab.name }`;
	const panelId = ( tab: T ) => `${ id }-panel-${ tab.name }`;

	const choose = ( tab: T ) => {
		if ( tab === selected ) {
			return;
		}
		setChosen( tab.name );
		onSelect?.( tab.name );
	};

	const move = ( event: KeyboardEvent< HTMLButtonElement > ) => {
		const index = selected ? tabs.indexOf( selected ) : 0;
		const next = isRTL() ? 'ArrowLeft' : 'ArrowRight';
		const previous = isRTL() ? 'ArrowRight' : 'ArrowLeft';
		const target = {
			[ next ]: ( index + 1 ) % tabs.length,
			[ previous ]: ( index - 1 + tabs.length ) % tabs.length,
			Home: 0,
			End: tabs.length - 1,
		}[ event.key ];
		const tab = target === undefined ? undefined : tabs[ target ];
		if ( ! tab ) {
			return;
		}
		event.preventDefault();
		choose( tab );
		listRef.current
			?.querySelectorAll< HTMLElement >( '[role="tab"]' )
			[ tabs.indexOf( tab ) ]?.focus();
	};

	return (
		<div className={ classNames( 'site-backups-tabs', className ) }>
			<div
				ref={ listRef }
				role="tablist"
				aria-orientation="horizontal"
				className="nav-tab-wrapper site-backups-tabs__list"
			>
				{ tabs.map( ( tab ) => {
					const isSelected = tab === selected;
					return (
						<button
							key={ tab.name }
							type="button"
							role="tab"
							id={ tabId( tab ) }
							aria-controls={ panelId( tab ) }
							aria-selected={ isSelected }
							tabIndex={ isSelected ? 0 : -1 }
							className={ classNames(
								'nav-tab',
								'site-backups-tabs__tab',
								isSelected && 'nav-tab-active'
							) }
							onClick={ () => choose( tab ) }
							onKeyDown={ move }
						>
							{ tab.title }
						</button>
					);
				} ) }
			</div>
			{ tabs.map( ( tab ) => (
				<div
					key={ tab.name }
					role="tabpanel"
					id={ panelId( tab ) }
					aria-labelledby={ tabId( tab ) }
					// Reachable by Tab even when what it shows cannot take focus.
					tabIndex={ 0 }
					hidden={ tab !== selected }
					className="site-backups-tabs__panel"
				>
					{ tab === selected && children( tab ) }
				</div>
			) ) }
		</div>
	);
}
