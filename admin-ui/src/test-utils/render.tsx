/**
 * Renders a component with a fresh data registry, so no test sees another
 * test's backups, jobs or notices.
 */
import { render } from '@testing-library/react';
import { createRegistry, RegistryProvider } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';
import type { ReactElement } from 'react';

import { store } from '../store';

export function renderWithRegistry( ui: ReactElement ) {
	// The registry's type omits register(), which every registry has.
	const registry = createRegistry() as ReturnType< typeof createRegistry > & {
		register: ( descriptor: unknown ) => void;
	};
	registry.register( noticesStore );
	registry.register( store );
	return {
		registry,
		...render(
			<RegistryProvider value={ registry }>{ ui }</RegistryProvider>
		),
	};
}
