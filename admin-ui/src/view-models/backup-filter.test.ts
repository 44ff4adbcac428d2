import { emptyListTitle, triggerOptions } from './backup-filter';

describe( 'the filter by type', () => {
	it( 'offers automatic backups on production only: staging never gets them', () => {
		expect(
			triggerOptions( 'production' ).map( ( option ) => option.label )
		).toEqual( [ 'All types', 'Automatic', 'Manual', 'Safety' ] );
		expect(
			triggerOptions( 'staging' ).map( ( option ) => option.label )
		).toEqual( [ 'All types', 'Manual', 'Safety' ] );
	} );

	it( 'names what an empty list lacks', () => {
		expect( emptyListTitle( '' ) ).toBe( 'No backups yet' );
		expect( emptyListTitle( 'scheduled' ) ).toBe( 'No automatic backups' );
		expect( emptyListTitle( 'manual' ) ).toBe( 'No manual backups' );
		expect( emptyListTitle( 'safety' ) ).toBe( 'No safety backups' );
	} );
} );
