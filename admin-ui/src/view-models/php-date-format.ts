/**
 * A moment written with a PHP date format (WordPress's "Date Format" and
 * "Time Format" settings) in a given time zone, with the browser's `Intl`
 * for the names of months, days and the time of day in the site's language.
 */

/**
 * A time zone as WordPress names it: a region ("Europe/Paris"), or a fixed
 * offset from UTC ("+05:30", "-03:00") when the site is set to one.
 */
export interface SiteZone {
	/** The region, or the offset as WordPress writes it. */
	name: string;
	/** Minutes east of UTC for a fixed offset; null for a region. */
	fixedOffset: number | null;
}

/** A moment's fields as a clock in the zone shows them. */
interface WallClock {
	year: number;
	/** 1 to 12. */
	month: number;
	day: number;
	/** 0 to 23. */
	hour: number;
	minute: number;
	second: number;
	millisecond: number;
	/** 0 (Sunday) to 6. */
	weekday: number;
	/** Minutes east of UTC at that moment. */
	offset: number;
}

const OFFSET = /^(?:UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/**
 * @param name A time zone as WordPress names it; '' or an unknown one is UTC.
 */
export function siteZone( name: string ): SiteZone {
	const offset = OFFSET.exec( name.trim() );
	if ( offset ) {
		const minutes =
			Number( offset[ 2 ] ) * 60 + Number( offset[ 3 ] ?? '0' );
		return { name, fixedOffset: offset[ 1 ] === '-' ? -minutes : minutes };
	}
	try {
		new Intl.DateTimeFormat( 'en-US', { timeZone: name || 'UTC' } );
		return { name: name || 'UTC', fixedOffset: null };
	} catch {
		return { name: 'UTC', fixedOffset: 0 };
	}
}

const formatters = new Map< string, Intl.DateTimeFormat >();

/**
 * One formatter per locale and options: making them is slow.
 *
 * @param locale  The language.
 * @param options What to show.
 */
function formatter(
	locale: string,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	const key = locale + JSON.stringify( options );
	let found = formatters.get( key );
	if ( ! found ) {
		try {
			found = new Intl.DateTimeFormat( locale, options );
		} catch {
			found = new Intl.DateTimeFormat( 'en-US', options );
		}
		formatters.set( key, found );
	}
	return found;
}

/**
 * @param date A moment.
 * @param zone The time zone.
 */
function wallClock( date: Date, zone: SiteZone ): WallClock {
	if ( zone.fixedOffset !== null ) {
		const shifted = new Date( date.getTime() + zone.fixedOffset * 60000 );
		return {
			year: shifted.getUTCFullYear(),
			month: shifted.getUTCMonth() + 1,
			day: shifted.getUTCDate(),
			hour: shifted.getUTCHours(),
			minute: shifted.getUTCMinutes(),
			second: shifted.getUTCSeconds(),
			millisecond: shifted.getUTCMilliseconds(),
			weekday: shifted.getUTCDay(),
			offset: zone.fixedOffset,
		};
	}
	const parts: Record< string, string > = {};
	formatter( 'en-US', {
		timeZone: zone.name,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	} )
		.formatToParts( date )
		.forEach( ( part ) => {
			parts[ part.type ] = part.value;
		} );
	const field = ( type: string ) => Number( parts[ type ] );
	const millisecond = date.getUTCMilliseconds();
	const asUtc = Date.UTC(
		field( 'year' ),
		field( 'month' ) - 1,
		field( 'day' ),
		field( 'hour' ),
		field( 'minute' ),
		field( 'second' ),
		millisecond
	);
	return {
		year: field( 'year' ),
		month: field( 'month' ),
		day: field( 'day' ),
		hour: field( 'hour' ),
		minute: field( 'minute' ),
		second: field( 'second' ),
		millisecond,
		weekday: new Date( asUtc ).getUTCDay(),
		offset: Math.round( ( asUtc - date.getTime() ) / 60000 ),
	};
}

/**
 * The name of a month or a weekday in the language, as a moment in UTC that
 * has it shows it.
 *
 * @param locale  The language.
 * @param options Which name: { month } or { weekday }.
 * @param utc     A moment in UTC with that month or weekday.
 */
function nameOf(
	locale: string,
	options: Intl.DateTimeFormatOptions,
	utc: number
): string {
	return formatter( locale, { ...options, timeZone: 'UTC' } ).format(
		new Date( utc )
	);
}

/**
 * One part of a moment as the language writes it: its time of day ("AM"),
 * or its time zone's short name.
 *
 * @param locale  The language.
 * @param options The options that show it.
 * @param type    The part.
 * @param date    The moment.
 */
function partOf(
	locale: string,
	options: Intl.DateTimeFormatOptions,
	type: Intl.DateTimeFormatPartTypes,
	date: Date
): string {
	return (
		formatter( locale, options )
			.formatToParts( date )
			.find( ( part ) => part.type === type )?.value ?? ''
	);
}

const pad = ( value: number, length = 2 ) =>
	String( Math.abs( value ) ).padStart( length, '0' );

/**
 * "+01:00" or "+0100": an offset in minutes.
 *
 * @param minutes   Minutes east of UTC.
 * @param separator Between hours and minutes.
 */
function offsetText( minutes: number, separator: string ): string {
	const sign = minutes < 0 ? '-' : '+';
	return (
		sign +
		pad( Math.floor( Math.abs( minutes ) / 60 ) ) +
		separator +
		pad( Math.abs( minutes ) % 60 )
	);
}

/**
 * "st", "nd", "rd" or "th": PHP's English suffix ("S").
 *
 * @param day The day of the month.
 */
function ordinalSuffix( day: number ): string {
	if ( day % 100 >= 11 && day % 100 <= 13 ) {
		return 'th';
	}
	return [ 'th', 'st', 'nd', 'rd' ][ day % 10 ] ?? 'th';
}

/**
 * The ISO 8601 week and the year it belongs to ("W" and "o").
 *
 * @param clock The moment as the zone's clock shows it.
 */
function isoWeek( clock: WallClock ): { week: number; year: number } {
	const date = new Date( Date.UTC( clock.year, clock.month - 1, clock.day ) );
	const weekday = clock.weekday || 7;
	// The week's Thursday decides the year it belongs to.
	date.setUTCDate( date.getUTCDate() + 4 - weekday );
	const yearStart = Date.UTC( date.getUTCFullYear(), 0, 1 );
	return {
		week: Math.ceil(
			( ( date.getTime() - yearStart ) / 86400000 + 1 ) / 7
		),
		year: date.getUTCFullYear(),
	};
}

/**
 * Writes a moment with a PHP date format, as WordPress's `wp_date()` does.
 * A backslash keeps the next character as it is; characters PHP does not
 * know stay as they are.
 *
 * @param format A PHP date format, such as "F j, Y g:i a".
 * @param date   The moment.
 * @param zone   The site's time zone.
 * @param locale The site's language, such as "fr-FR".
 */
export function formatPhpDate(
	format: string,
	date: Date,
	zone: SiteZone,
	locale: string
): string {
	const clock = wallClock( date, zone );
	const monthUtc = Date.UTC( 2001, clock.month - 1, 15, 12 );
	// 7 January 2001 was a Sunday.
	const weekdayUtc = Date.UTC( 2001, 0, 7 + clock.weekday, 12 );
	const hour12 = clock.hour % 12 || 12;
	const dayOfYear = Math.round(
		( Date.UTC( clock.year, clock.month - 1, clock.day ) -
			Date.UTC( clock.year, 0, 1 ) ) /
			86400000
	);
	const leap =
		( clock.year % 4 === 0 && clock.year % 100 !== 0 ) ||
		clock.year % 400 === 0;
	const dayPeriod = () =>
		partOf(
			locale,
			{ hour: 'numeric', hour12: true, timeZone: 'UTC' },
			'dayPeriod',
			new Date( Date.UTC( 2001, 0, 1, clock.hour ) )
		).replace( /\./g, '' );
	const tokens: Record< string, () => string | number > = {
		d: () => pad( clock.day ),
		D: () => nameOf( locale, { weekday: 'short' }, weekdayUtc ),
		j: () => clock.day,
		l: () => nameOf( locale, { weekday: 'long' }, weekdayUtc ),
		N: () => clock.weekday || 7,
		S: () => ordinalSuffix( clock.day ),
		w: () => clock.weekday,
		z: () => dayOfYear,
		W: () => pad( isoWeek( clock ).week ),
		F: () => nameOf( locale, { month: 'long' }, monthUtc ),
		m: () => pad( clock.month ),
		M: () => nameOf( locale, { month: 'short' }, monthUtc ),
		n: () => clock.month,
		t: () =>
			new Date( Date.UTC( clock.year, clock.month, 0 ) ).getUTCDate(),
		L: () => ( leap ? 1 : 0 ),
		o: () => isoWeek( clock ).year,
		Y: () => clock.year,
		y: () => pad( clock.year % 100 ),
		a: () => dayPeriod().toLowerCase(),
		A: () => dayPeriod().toUpperCase(),
		g: () => hour12,
		G: () => clock.hour,
		h: () => pad( hour12 ),
		H: () => pad( clock.hour ),
		i: () => pad( clock.minute ),
		s: () => pad( clock.second ),
		u: () => pad( clock.millisecond * 1000, 6 ),
		v: () => pad( clock.millisecond, 3 ),
		e: () => zone.name,
		T: () =>
			zone.fixedOffset === null
				? partOf(
						locale,
						{ timeZone: zone.name, timeZoneName: 'short' },
						'timeZoneName',
						date
					)
				: offsetText( clock.offset, ':' ),
		P: () => offsetText( clock.offset, ':' ),
		O: () => offsetText( clock.offset, '' ),
		p: () => ( clock.offset === 0 ? 'Z' : offsetText( clock.offset, ':' ) ),
		Z: () => clock.offset * 60,
		U: () => Math.floor( date.getTime() / 1000 ),
	};
	tokens.c = () =>
		formatPhpDate( 'Y-m-d\\TH:i:sP', date, zone, locale ) as string;
	tokens.r = () =>
		formatPhpDate( 'D, d M Y H:i:s O', date, zone, 'en-US' ) as string;

	let out = '';
	for ( let index = 0; index < format.length; index++ ) {
		const char = format[ index ] as string;
		if ( char === '\\' ) {
			index++;
			out += format[ index ] ?? '';
			continue;
		}
		const token = tokens[ char ];
		out += token ? String( token() ) : char;
	}
	return out;
}
