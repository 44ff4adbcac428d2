<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

/**
 * The network failures the client tells apart, numbered as curl numbers them (its CURLE_* codes),
 * so every transport reports them alike and naming them needs no curl extension.
 */
final class NetworkErrno
{
    public const COULDNT_RESOLVE_HOST = 6;
    public const COULDNT_CONNECT = 7;
    public const PARTIAL_FILE = 18;
    public const OPERATION_TIMEDOUT = 28;
    public const SSL_CONNECT_ERROR = 35;
    public const GOT_NOTHING = 52;
    public const SEND_ERROR = 55;
    public const RECV_ERROR = 56;
    public const SSL_CACERT = 60;
    public const SSL_CACERT_BADFILE = 77;

    /** Failures a new attempt may cure. */
    public const RETRYABLE = [
        self::COULDNT_RESOLVE_HOST,
        self::COULDNT_CONNECT,
        self::PARTIAL_FILE,
        self::OPERATION_TIMEDOUT,
        self::SSL_CONNECT_ERROR,
        self::GOT_NOTHING,
        self::SEND_ERROR,
        self::RECV_ERROR,
    ];
}
