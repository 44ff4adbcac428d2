/**
 * How a moment reads on the screen: in the site's time zone and formats
 * (Settings → General, printed with the page), never the browser's; names
 * of months and days and "3 hours ago" come from the browser's `Intl`.
 */
import { __, sprintf } from '@wordpress/i18n';

import { pageData, pageLocale } from '../page-data';
import { formatPhpDate, siteZone } from './php-date-format';

/**
 * @param format A PHP date format.
 * @param iso    An ISO 8601 time.
 */
function siteFormat( format: string, iso: string ): string {
	const { timezone } = pageData();
	return formatPhpDate(
		format,
		new Date( iso ),
		siteZone( timezone ),
		pageLocale()
	);
}

/**
 * A time format with its seconds: after the minutes ("g:i a" → "g:i:s a").
 *
 * @param format A PHP time format.
 */
function withSeconds( format: string ): string {
	if ( /(^|[^\\])s/.test( format ) ) {
		return format;
	}
	const minutes = /(^|[^\\])i/.exec( format );
	if ( ! minutes ) {
		return `${ format } H:i:s`;
	}
	const at = minutes.index + minutes[ 0 ].length;
	return `${ format.slice( 0, at ) }:s${ format.slice( at ) }`;
}

/**
 * A date in the site's time zone, as WordPress formats it: its date format,
 * then its time format.
 *
 * @param iso An ISO 8601 time.
 */
export function formatSiteDate( iso: string ): string {
	const { dateFormat, timeFormat } = pageData();
	return siteFormat( `${ dateFormat } ${ timeFormat }`, iso );
}

/**
 * The same to the second: what tells apart two backups made in one minute.
 *
 * @param iso An ISO 8601 time.
 */
export function formatSiteDateToSecond( iso: string ): string {
	const { dateFormat, timeFormat } = pageData();
	return siteFormat( `${ dateFormat } ${ withSeconds( timeFormat ) }`, iso );
}

/**
 * "26 November 2026 at 03:12": a moment in the site's time zone and formats,
 * for sentences.
 *
 * @param iso An ISO 8601 time.
 */
export function formatSiteMoment( iso: string ): string {
	const { dateFormat, timeFormat } = pageData();
	return sprintf(
		/* translators: 1: a date, 2: a time of day. */
		__( '%1$s at %2$s', 'site-backups' ),
		siteFormat( dateFormat, iso ),
		siteFormat( timeFormat, iso )
	);
}

/** The units "3 hours ago" counts in, and from how many of the smaller one. */
const UNITS: Array< [ Intl.RelativeTimeFormatUnit, number ] > = [
	[ 'second', 1 ],
	[ 'minute', 60 ],
	[ 'hour', 60 ],
	[ 'day', 24 ],
	[ 'month', 30 ],
	[ 'year', 12 ],
];

/** Where a count rounds up to the next unit, as moment.js did ("a day"). */
const THRESHOLDS: Partial< Record< Intl.RelativeTimeFormatUnit, number > > = {
	second: 45,
	minute: 45,
	hour: 22,
	day: 26,
	month: 11,
};

/**
 * "3 hours ago": how long ago a moment was, in the admin's language; a
 * moment ahead of the clock (servers' clocks differ a little) counts as now.
 *
 * @param iso An ISO 8601 time.
 * @param now The current time.
 */
export function formatTimeAgo( iso: string, now: Date ): string {
	let amount = Math.max( 0, now.getTime() - Date.parse( iso ) ) / 1000;
	if ( amount < ( THRESHOLDS.second ?? 45 ) ) {
		return __( 'a few seconds ago', 'site-backups' );
	}
	let unit: Intl.RelativeTimeFormatUnit = 'second';
	for ( const [ next, size ] of UNITS.slice( 1 ) ) {
		if ( amount < ( THRESHOLDS[ unit ] ?? Infinity ) ) {
			break;
		}
		amount /= size;
		unit = next;
	}
	let relative: Intl.RelativeTimeFormat;
	try {
		relative = new Intl.RelativeTimeFormat( pageLocale() );
	} catch {
		relative = new Intl.RelativeTimeFormat( 'en-US' );
	}
	return relative.format( -Math.max( 1, Math.round( amount ) ), unit );
}
