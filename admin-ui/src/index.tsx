/**
 * Mounts the Tools → Backups screen.
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';

import { App } from './components/App';
import './style.scss';

domReady( () => {
	const root = document.getElementById( 'site-backups-root' );
	if ( root ) {
		createRoot( root ).render( <App /> );
	}
} );
