<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

/** English messages for a site administrator, one per kind of failure. */
final class ErrorText
{
    public static function server(
        S3Config $config,
        string $code,
        int $status,
        string $serverMessage,
        string $key,
        int $attempts,
    ): string {
        $at = $config->endpoint;
        $bucket = $config->bucket;
        $object = $key === '' ? 'the bucket ' . $bucket : 'the object ' . $key;
        $message = match ($code) {
            'NoSuchBucket' => "The bucket {$bucket} does not exist at {$at}.",
            'NoSuchKey', 'NotFound' => "The object {$key} does not exist in the bucket {$bucket} at {$at}.",
            'NoSuchUpload' => "The multipart upload of {$key} no longer exists in the bucket {$bucket} at {$at}:"
                . ' it was completed or aborted.',
            'InvalidAccessKeyId' => "The access key {$config->accessKey} was refused by {$at}:"
                . ' the server does not know it.',
            'SignatureDoesNotMatch' => "The access key or secret was refused by {$at}:"
                . ' the request signature did not match, so the secret is most likely wrong.',
            'AccessDenied' => "Access to {$object} was denied by {$at}:"
                . " the access key {$config->accessKey} is not allowed to do this in the bucket {$bucket}.",
            'Forbidden' => "The access key or secret was refused by {$at},"
                . " or the access key {$config->accessKey} may not use the bucket {$bucket} (HTTP 403).",
            'RequestTimeTooSkewed' => "The clock of this server differs too much from the clock of {$at};"
                . ' the server time must be corrected.',
            'BucketAlreadyExists' => "The bucket name {$bucket} is already taken by another account at {$at}.",
            'PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException' =>
                "The bucket {$bucket} is not in the region {$config->region} at {$at}:"
                . ' check the region and the endpoint.',
            'EntityTooSmall' => "{$at} refused to complete the upload of {$key}:"
                . ' every part but the last must be at least 5 MiB.',
            'InvalidPart', 'InvalidPartOrder' => "{$at} refused to complete the upload of {$key}:"
                . ' the parts listed do not match the parts it received.',
            'BadDigest', 'InvalidDigest', 'XAmzContentSHA256Mismatch' => "The data of {$object} arrived at {$at}"
                . ' damaged (its checksum did not match), so the server refused it.',
            'EntityTooLarge' => "{$at} refused {$object}: it is larger than the server accepts in one request.",
            'SlowDown', 'ServiceUnavailable' => "The storage server at {$at} is overloaded and asked to slow down"
                . " (HTTP {$status}).",
            'InternalError' => "The storage server at {$at} failed with an internal error (HTTP {$status}).",
            default => self::generic($at, $object, $code, $status, $serverMessage),
        };

        return $message . self::attempts($attempts);
    }

    public static function network(S3Config $config, int $errno, string $curlError, int $attempts): string
    {
        $at = $config->endpoint;
        $message = match ($errno) {
            NetworkErrno::COULDNT_RESOLVE_HOST => "The host name of the storage server {$at} could not be resolved.",
            NetworkErrno::COULDNT_CONNECT => "Could not connect to the storage server at {$at}:"
                . ' the connection was refused or the host is unreachable.',
            NetworkErrno::OPERATION_TIMEDOUT => "The storage server at {$at} did not answer in time.",
            NetworkErrno::SSL_CONNECT_ERROR, NetworkErrno::SSL_CACERT, NetworkErrno::SSL_CACERT_BADFILE =>
                "The secure (TLS) connection to the storage server at {$at} failed.",
            NetworkErrno::GOT_NOTHING, NetworkErrno::RECV_ERROR, NetworkErrno::SEND_ERROR, NetworkErrno::PARTIAL_FILE =>
                "The connection to the storage server at {$at} broke during the request.",
            default => "The request to the storage server at {$at} failed.",
        };

        return $message . ' (' . rtrim($curlError, '.') . ')' . self::attempts($attempts);
    }

    private static function generic(
        string $at,
        string $object,
        string $code,
        int $status,
        string $serverMessage,
    ): string {
        $detail = trim($serverMessage) === '' ? '' : ': ' . rtrim(trim($serverMessage), '.');

        return "The storage server at {$at} refused the request for {$object}{$detail} ({$code}, HTTP {$status}).";
    }

    private static function attempts(int $attempts): string
    {
        return $attempts > 1 ? " It failed {$attempts} times in a row." : '';
    }
}
