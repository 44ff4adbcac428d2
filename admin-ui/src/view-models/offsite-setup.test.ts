import { offsiteSetupOf } from './offsite-setup';
import type { ApiSavedOffsite } from '../api/types';
import {
	offsiteSettings,
	savedOffsite,
	settings,
} from '../test-utils/fixtures';

describe( 'who sets off-site copies up', () => {
	it( 'is nobody here on servers that predate administrators’ settings', () => {
		expect( offsiteSetupOf( settings ).by ).toBeNull();
		expect( offsiteSetupOf( offsiteSettings() ).by ).toBeNull();
	} );

	it( 'is the host, whose settings are never offered for editing', () => {
		expect(
			offsiteSetupOf(
				offsiteSettings( { set_by_host: true, saved: savedOffsite() } )
			)
		).toEqual( {
			by: 'host',
			configured: true,
			encrypted: true,
			saved: null,
		} );
	} );

	it( 'is the administrator, with what was saved checked field by field', () => {
		const odd = {
			...savedOffsite(),
			prefix: 42,
			keep_local_days: 0,
		} as unknown as ApiSavedOffsite;
		expect(
			offsiteSetupOf(
				offsiteSettings( {
					configured: false,
					set_by_host: false,
					saved: odd,
				} )
			)
		).toEqual( {
			by: 'admin',
			configured: false,
			encrypted: false,
			saved: { ...savedOffsite(), prefix: '', keep_local_days: null },
		} );
		expect(
			offsiteSetupOf(
				offsiteSettings( { set_by_host: false, saved: null } )
			).saved
		).toBeNull();
	} );
} );
