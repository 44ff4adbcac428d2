<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Remote\S3;

use SimpleXMLElement;

/** Reading S3's XML answers and writing its XML requests. */
final class S3Xml
{
    public static function parse(string $xml): SimpleXMLElement
    {
        $previous = libxml_use_internal_errors(true);
        try {
            // LIBXML_NONET: a document must never make us fetch anything.
            $document = simplexml_load_string($xml, SimpleXMLElement::class, LIBXML_NONET);
        } finally {
            libxml_clear_errors();
            libxml_use_internal_errors($previous);
        }
        if ($document === false) {
            throw new S3Exception(
                'The storage server sent a response that is not valid XML: ' . self::excerpt($xml),
                'MalformedResponse',
            );
        }

        return $document;
    }

    /**
     * The S3 error in a response body, if the body is an <Error> document.
     *
     * @return array{code: string, message: string, requestId: string}|null
     */
    public static function error(string $body): ?array
    {
        $body = trim($body);
        if (preg_match('/\A(<\?xml[^>]*>\s*)?<Error[\s>]/', $body) !== 1) {
            return null;
        }
        try {
            $document = self::parse($body);
        } catch (S3Exception) {
            return null;
        }

        return [
            'code' => trim((string) $document->Code),
            'message' => trim((string) $document->Message),
            'requestId' => trim((string) $document->RequestId),
        ];
    }

    /** @param list<string> $keys */
    public static function deleteRequest(array $keys): string
    {
        $xml = '<?xml version="1.0" encoding="UTF-8"?>' . "\n" . '<Delete><Quiet>true</Quiet>';
        foreach ($keys as $key) {
            $xml .= '<Object><Key>' . self::text($key) . '</Key></Object>';
        }

        return $xml . '</Delete>';
    }

    /** @param list<array{0: int, 1: string}> $parts part number and ETag, in ascending order */
    public static function completeRequest(array $parts): string
    {
        $xml = '<?xml version="1.0" encoding="UTF-8"?>' . "\n" . '<CompleteMultipartUpload>';
        foreach ($parts as [$number, $etag]) {
            $xml .= '<Part><PartNumber>' . $number . '</PartNumber>'
                . '<ETag>"' . self::text(trim($etag, '"')) . '"</ETag></Part>';
        }

        return $xml . '</CompleteMultipartUpload>';
    }

    public static function createBucketRequest(string $region): string
    {
        return '<?xml version="1.0" encoding="UTF-8"?>' . "\n"
            . '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            . '<LocationConstraint>' . self::text($region) . '</LocationConstraint></CreateBucketConfiguration>';
    }

    /** A key as it was listed: S3 url-encodes keys when asked (encoding-type=url), "+" then means a space. */
    public static function key(SimpleXMLElement $element, bool $urlEncoded): string
    {
        $key = (string) $element;

        return $urlEncoded ? urldecode($key) : $key;
    }

    public static function isTrue(SimpleXMLElement|null $element): bool
    {
        return $element !== null && strtolower(trim((string) $element)) === 'true';
    }

    /** An ETag without its quotes (S3 sends them, as HTTP wants, in headers and XML alike). */
    public static function etag(string $etag): string
    {
        return trim(trim($etag), '"');
    }

    private static function text(string $value): string
    {
        return htmlspecialchars($value, ENT_XML1 | ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    private static function excerpt(string $text): string
    {
        $text = trim((string) preg_replace('/\s+/', ' ', $text));

        return $text === '' ? '(empty)' : '"' . (strlen($text) > 200 ? substr($text, 0, 200) . '...' : $text) . '"';
    }
}
