import { speak } from '@wordpress/a11y';
import { useEffect, useRef } from '@wordpress/element';
import type { RefObject } from 'react';

export type Politeness = 'polite' | 'assertive';

/**
 * The words of an element as a screen reader would say them: its pieces of
 * text one after another, paragraphs and list items apart.
 *
 * @param element The element.
 */
function wordsOf( element: HTMLElement ): string {
	const walker = document.createTreeWalker( element, NodeFilter.SHOW_TEXT );
	const parts: string[] = [];
	while ( walker.nextNode() ) {
		parts.push( walker.currentNode.textContent ?? '' );
	}
	return parts.join( ' ' ).replace( /\s+/g, ' ' ).trim();
}

/**
 * Says a message through WordPress's live regions when it appears and each
 * time it changes: the message given, or the words of the element shown
 * when none is given; nothing when it is null (its creator says it).
 *
 * @param shown      The element that shows the message.
 * @param message    The message to say; undefined for the element's words.
 * @param politeness Whether it interrupts what the screen reader says.
 */
export function useSpokenMessage(
	shown: RefObject< HTMLElement >,
	message: string | null | undefined,
	politeness: Politeness
): void {
	const said = useRef( '' );
	useEffect( () => {
		let words = message ?? '';
		if ( message === undefined && shown.current ) {
			words = wordsOf( shown.current );
		}
		if ( words !== '' && words !== said.current ) {
			speak( words, politeness );
		}
		said.current = words;
	} );
}
