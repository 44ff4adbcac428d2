/**
 * Unit tests of the admin screen: @wordpress/scripts' jest preset, run in a
 * time zone that is not UTC so date handling is tested for real.
 */
const path = require( 'path' );
const base = require( '@wordpress/scripts/config/jest-unit.config.js' );

process.env.TZ = 'America/New_York';

module.exports = {
	...base,
	rootDir: path.join( __dirname, '..' ),
	roots: [ '<rootDir>/admin-ui/src' ],
	testMatch: [ '**/?(*.)test.[jt]s?(x)' ],
	setupFilesAfterEnv: [ '<rootDir>/admin-ui/jest.setup.ts' ],
	reporters: [ 'default' ],
};
