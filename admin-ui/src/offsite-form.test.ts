import {
	initialOffsiteForm,
	offsiteFormProblem,
	toOffsiteRequest,
	type OffsiteFormValues,
} from './offsite-form';
import { savedOffsite } from './test-utils/fixtures';

const filled: OffsiteFormValues = {
	endpoint: ' https://s3.example.test ',
	region: '',
	bucket: 'shop-backups ',
	prefix: ' sites/shop ',
	accessKey: ' AKIAEXAMPLE',
	secret: 'secret-value ',
	encryptionKey: '',
	keepLocalDays: ' 30 ',
	recoveryKey: '',
};

describe( 'the off-site settings form', () => {
	it( 'starts empty on us-east-1, or with what was saved and no key', () => {
		expect( initialOffsiteForm( null ) ).toEqual( {
			endpoint: '',
			region: 'us-east-1',
			bucket: '',
			prefix: '',
			accessKey: '',
			secret: '',
			encryptionKey: '',
			keepLocalDays: '',
			recoveryKey: '',
		} );
		expect( initialOffsiteForm( savedOffsite() ) ).toEqual( {
			endpoint: 'https://s3.eu-central-1.amazonaws.com',
			region: 'eu-central-1',
			bucket: 'shop-backups',
			prefix: 'shop.example',
			accessKey: '',
			secret: '',
			encryptionKey: '',
			keepLocalDays: '7',
			recoveryKey: '',
		} );
		expect(
			initialOffsiteForm( savedOffsite( { keep_local_days: null } ) )
				.keepLocalDays
		).toBe( '' );
	} );

	it( 'needs the keys only when none are saved', () => {
		const noKeys = { ...filled, accessKey: '', secret: ' ' };
		expect( offsiteFormProblem( noKeys, false ) ).toBe(
			'Enter the access key.'
		);
		expect(
			offsiteFormProblem( { ...noKeys, accessKey: 'AKIA' }, false )
		).toBe( 'Enter the secret key.' );
		expect( offsiteFormProblem( noKeys, true ) ).toBe( '' );
		expect( offsiteFormProblem( { ...filled, bucket: '' }, true ) ).toBe(
			'Enter the bucket.'
		);
	} );

	it( 'takes whole days of 1 or more, or none', () => {
		for ( const days of [ '0', '-3', '1.5', 'ten' ] ) {
			expect(
				offsiteFormProblem( { ...filled, keepLocalDays: days }, false )
			).toMatch( /whole number of 1 or more/ );
		}
		expect(
			offsiteFormProblem( { ...filled, keepLocalDays: '' }, false )
		).toBe( '' );
	} );

	it( 'takes a recovery key only as it was shown, or none', () => {
		const key = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=';
		for ( const typed of [ 'short=', key.slice( 0, -1 ), `${ key }x` ] ) {
			expect(
				offsiteFormProblem( { ...filled, recoveryKey: typed }, false )
			).toMatch( /recovery key as it was shown/ );
		}
		expect(
			offsiteFormProblem(
				{ ...filled, recoveryKey: ` ${ key } ` },
				false
			)
		).toBe( '' );
		expect( toOffsiteRequest( { ...filled, recoveryKey: key } ) ).toEqual(
			toOffsiteRequest( filled )
		);
	} );

	it( 'sends trimmed values, the default region, and days as a number or null', () => {
		expect( toOffsiteRequest( filled ) ).toEqual( {
			endpoint: 'https://s3.example.test',
			region: 'us-east-1',
			bucket: 'shop-backups',
			prefix: 'sites/shop',
			access_key: 'AKIAEXAMPLE',
			secret: 'secret-value',
			encryption_key: '',
			keep_local_days: 30,
		} );
		expect(
			toOffsiteRequest( { ...filled, keepLocalDays: '' } ).keep_local_days
		).toBeNull();
	} );
} );
