<?php
/**
 * A scripted stand-in for an S3 server, run by `php -S` for FakeS3Server:
 * it records each request and answers with the next canned response.
 *
 * @package SiteBackups\Tests
 */

// phpcs:disable WordPress.WP.AlternativeFunctions, WordPress.Security, WordPress.PHP.DiscouragedPHPFunctions -- a plain PHP fixture outside WordPress that must send bytes as they are.

$sb_dir = (string) getenv( 'SITE_BACKUPS_FAKE_S3_DIR' );

// Requests are numbered in arrival order; the counter lives in a locked file.
$sb_lock = fopen( $sb_dir . '/counter', 'c+' );
flock( $sb_lock, LOCK_EX );
$sb_number = (int) stream_get_contents( $sb_lock ) + 1;
ftruncate( $sb_lock, 0 );
rewind( $sb_lock );
fwrite( $sb_lock, (string) $sb_number );
fflush( $sb_lock );
flock( $sb_lock, LOCK_UN );
fclose( $sb_lock );

$sb_body = (string) file_get_contents( 'php://input' );
file_put_contents(
	$sb_dir . '/request-' . $sb_number . '.json',
	json_encode(
		array(
			'method'  => $_SERVER['REQUEST_METHOD'],
			'uri'     => $_SERVER['REQUEST_URI'],
			'headers' => array_change_key_case( getallheaders() ),
			'size'    => strlen( $sb_body ),
			'sha256'  => hash( 'sha256', $sb_body ),
			'body'    => strlen( $sb_body ) <= 65536 ? $sb_body : '',
		)
	)
);

$sb_file = $sb_dir . '/response-' . $sb_number . '.json';
if ( ! is_file( $sb_file ) ) {
	$sb_file = $sb_dir . '/response-default.json';
}
$sb_response = is_file( $sb_file ) ? json_decode( (string) file_get_contents( $sb_file ), true ) : null;
if ( ! is_array( $sb_response ) ) {
	$sb_response = array(
		'status'  => 500,
		'headers' => array(),
		'body'    => 'No response scripted for request ' . $sb_number,
	);
}
if ( isset( $sb_response['sleep'] ) ) {
	usleep( (int) ( $sb_response['sleep'] * 1000000 ) );
}
$sb_out = base64_decode( (string) $sb_response['body'] );
http_response_code( (int) $sb_response['status'] );
foreach ( $sb_response['headers'] as $sb_name => $sb_value ) {
	header( $sb_name . ': ' . $sb_value );
}
header( 'Content-Length: ' . strlen( $sb_out ) );
if ( isset( $sb_response['cut'] ) ) {
	// Send part of the body, then drop the connection.
	echo substr( $sb_out, 0, (int) $sb_response['cut'] );
	flush();
	exit;
}
echo $sb_out;
