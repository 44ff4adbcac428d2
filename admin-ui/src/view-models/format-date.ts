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
 * The day of a moment alone, in the site's time zone and date format.
 *
 * @param iso An ISO 8601 time.
 */
export function formatSiteDay( iso: string ): string {
	return siteFormat( pageData().dateFormat, iso );
}

/**
 * The time of day of a moment alone ("9:22 pm"), in the site's time zone and
 * time format; to the second ("9:22:05 pm") when asked.
 *
 * @param iso      An ISO 8601 time.
 * @param toSecond Whether to show the seconds.
 */
export function formatSiteTime( iso: string, toSecond = false ): string {
	const { timeFormat } = pageData();
	return siteFormat( toSecond ? withSeconds( timeFormat ) : timeFormat, iso );
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

/**
 * The day a moment falls on in the site's time zone, counted from 1970.
 *
 * @param iso An ISO 8601 time.
 */
function siteDayNumber( iso: string ): number {
	const [ year = 1970, month = 1, day = 1 ] = siteFormat( 'Y-n-j', iso )
		.split( '-' )
		.map( Number );
	return Date.UTC( year, month - 1, day ) / 86400000;
}

/**
 * "today at 9:22 pm", "yesterday at …", "tomorrow at …", else the date and
 * time as formatSiteMoment() gives them; days as the site's clock counts them.
 *
 * @param iso An ISO 8601 time.
 * @param now The current time.
 */
export function formatSiteRelativeMoment( iso: string, now: Date ): string {
	const days = siteDayNumber( iso ) - siteDayNumber( now.toISOString() );
	const time = siteFormat( pageData().timeFormat, iso );
	switch ( days ) {
		case 0:
			/* translators: %s: a time of day. */
			return sprintf( __( 'today at %s', 'site-backups' ), time );
		case -1:
			/* translators: %s: a time of day. */
			return sprintf( __( 'yesterday at %s', 'site-backups' ), time );
		case 1:
			/* translators: %s: a time of day. */
			return sprintf( __( 'tomorrow at %s', 'site-backups' ), time );
		default:
			return formatSiteMoment( iso );
	}
}

/**
 * The site's day a moment falls on, as a key that sorts ("2026-12-04").
 *
 * @param iso An ISO 8601 time.
 */
export function siteDayKey( iso: string ): string {
	return siteFormat( 'Y-m-d', iso );
}

/**
 * "Today", "Yesterday", else the day with its weekday ("Friday, December 4,
 * 2026"), in the site's time zone and date format: a heading for a day.
 *
 * @param iso An ISO 8601 time.
 * @param now The current time.
 */
export function formatSiteDayHeading( iso: string, now: Date ): string {
	switch ( siteDayNumber( iso ) - siteDayNumber( now.toISOString() ) ) {
		case 0:
			return __( 'Today', 'site-backups' );
		case -1:
			return __( 'Yesterday', 'site-backups' );
	}
	const { dateFormat } = pageData();
	// A format that names the weekday already keeps it once.
	const withWeekday = /(^|[^\\])[lD]/.test( dateFormat )
		? dateFormat
		: `l, ${ dateFormat }`;
	return siteFormat( withWeekday, iso );
}
