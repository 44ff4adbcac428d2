<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

/**
 * What carries the client's signed requests: curl of its own (CurlTransport) when the engine runs
 * alone, or whatever the host application provides. A transport never throws for a failed exchange:
 * a network failure is an HttpResponse with a NetworkErrno number, a failure on this side (body
 * stream too short, sink not writable) one with $localError, and RequestSender decides what to retry.
 */
interface HttpTransport
{
    /**
     * One exchange. The request body is $body->size bytes read from its stream's position; the
     * response body goes to $sink when the status is one of $sinkStatuses, else into the response
     * (XML documents and errors, kept in memory up to a few MiB).
     *
     * @param array<string, string> $headers the signed headers, names in lower case
     * @param resource|null $sink
     * @param list<int> $sinkStatuses
     */
    public function send(
        string $method,
        string $url,
        array $headers,
        ?RequestBody $body = null,
        mixed $sink = null,
        array $sinkStatuses = [200],
    ): HttpResponse;

    /**
     * Several exchanges side by side (or one after another where the host allows no more).
     * A request with a sink gets the body written to it when the status is one of its
     * sinkStatuses (200 unless it says).
     *
     * @param list<array{
     *     method: string, url: string, headers: array<string, string>, body: ?RequestBody, sink?: resource,
     *     sinkStatuses?: list<int>
     * }> $requests
     * @return list<HttpResponse> in the order of $requests
     */
    public function sendAll(array $requests): array;

    /** Lets go of the connections kept for the next exchange. */
    public function close(): void;
}
