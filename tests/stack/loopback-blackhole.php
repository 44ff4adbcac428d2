<?php
/**
 * Accepts connections on a socket and never answers them, as a firewall that drops packets
 * looks to the client: the request waits until the client gives up. Each connection is closed
 * after ten minutes. Used by the loopback-timeout host variant (tests/stack/variants.sh).
 */

declare(strict_types=1);

$path   = $argv[1] ?? '';
$server = stream_socket_server( 'unix://' . $path, $errno, $error );
if ( false === $server ) {
	fwrite( STDERR, "loopback-blackhole: cannot listen on $path: $error\n" );
	exit( 1 );
}
chmod( $path, 0666 );
$held = array();
while ( true ) {
	$client = @stream_socket_accept( $server, 30 );
	if ( false !== $client ) {
		$held[] = array( $client, time() );
	}
	foreach ( $held as $i => [ $connection, $since ] ) {
		if ( time() - $since > 600 ) {
			fclose( $connection );
			unset( $held[ $i ] );
		}
	}
}
