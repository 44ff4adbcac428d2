#!/usr/bin/env bash
# Checks a stack's S3-compatible store from the outside, the way a client
# sees it: every request signed with AWS Signature Version 4 by curl, with
# the settings the store published in .dev/<stack>/s3/ready.env. Works in a
# bucket of its own, removed at the end. Exits non-zero on any failure.
#   bash tests/stack/s3-smoke.sh [dev|test|bench]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stack_init "${1:-dev}"
[ -f "$S3_DIR/ready.env" ] || die "The $STACK stack's S3 store is not running (no $S3_DIR/ready.env): start the stack first"
# shellcheck source=/dev/null
source "$S3_DIR/ready.env"

WORK="$(mktemp -d)"
BUCKET="smoke-$(date +%s)-$$"
PASSED=0
FAILED=0
trap 'rm -rf "$WORK"' EXIT

# req METHOD PATH [curl options]: one signed request; the status code is
# printed, the body lands in $WORK/body and the headers in $WORK/headers.
# KEY, SECRET and PAYLOAD_HASH may be set for one call to change the signing.
# curl 7.88 signs the query string as written: parameters must be in sorted
# order and each needs an "=" ("?uploads=", not "?uploads").
req() {
	local method="$1" path="$2" key="${KEY:-$S3_ACCESS_KEY}" secret="${SECRET:-$S3_SECRET}"
	shift 2
	local how=(-X "$method")
	# HEAD through -X would make curl wait for a body that never comes.
	[ "$method" = HEAD ] && how=(-I)
	# The access key holds a colon, so it goes in the URL, escaped, not in --user.
	curl -sS --noproxy '*' "${how[@]}" --aws-sigv4 "aws:amz:$S3_REGION:s3" \
		-H "x-amz-content-sha256: ${PAYLOAD_HASH:-UNSIGNED-PAYLOAD}" \
		-D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' "$@" \
		"http://${key//:/%3A}:$secret@${S3_ENDPOINT#http://}$path" || echo "curl-failed"
}

header() {
	grep -i "^$1:" "$WORK/headers" | head -n1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'
}

xml_value() {
	sed -n "s:.*<$1>\([^<]*\)</$1>.*:\1:p" "$WORK/body" | head -n1
}

# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then
		PASSED=$((PASSED + 1))
		printf 'ok   %s\n' "$1"
	else
		FAILED=$((FAILED + 1))
		printf 'FAIL %s: expected [%s], got [%s]\n' "$1" "$2" "$3"
		[ ! -s "$WORK/body" ] || head -c 600 "$WORK/body" | sed 's/^/     /'
		echo
	fi
}

echo "S3 store of the $STACK stack: $S3_ENDPOINT ($S3_REGION), key $S3_ACCESS_KEY, scratch bucket $BUCKET"

check "create bucket (PUT /$BUCKET)" 200 "$(req PUT "/$BUCKET")"

printf 'Hello from Site Backups!\n' >"$WORK/hello.txt"
HELLO_SHA256="$(sha256sum "$WORK/hello.txt" | cut -d' ' -f1)"
check "PUT object with a signed payload hash" 200 "$(PAYLOAD_HASH="$HELLO_SHA256" req PUT "/$BUCKET/notes/hello.txt" \
	--data-binary "@$WORK/hello.txt" -H 'Content-Type: text/plain')"
check "PUT returns the MD5 as ETag" "\"$(md5sum "$WORK/hello.txt" | cut -d' ' -f1)\"" "$(header ETag)"

check "GET object" 200 "$(req GET "/$BUCKET/notes/hello.txt")"
check "GET returns the bytes stored" "$(sha256sum <"$WORK/hello.txt")" "$(sha256sum <"$WORK/body")"

check "ranged GET (bytes=0-4)" 206 "$(req GET "/$BUCKET/notes/hello.txt" -H 'Range: bytes=0-4')"
check "ranged GET body" "Hello" "$(cat "$WORK/body")"
check "ranged GET Content-Range" "bytes 0-4/25" "$(header Content-Range)"

check "HEAD object" 200 "$(req HEAD "/$BUCKET/notes/hello.txt")"
check "HEAD Content-Length" 25 "$(header Content-Length)"
check "HEAD Content-Type" "text/plain" "$(header Content-Type)"

check "ListObjectsV2 (?list-type=2&prefix=notes/)" 200 "$(req GET "/$BUCKET?list-type=2&prefix=notes%2F")"
check "ListObjectsV2 lists the object" "notes/hello.txt" "$(xml_value Key)"
check "ListObjectsV2 KeyCount" 1 "$(xml_value KeyCount)"

# Multipart upload: two parts of 5 MiB and a bit, S3's minimum for all but the last.
head -c $((5 * 1024 * 1024 + 1000)) /dev/urandom >"$WORK/part1"
head -c $((5 * 1024 * 1024 + 2000)) /dev/urandom >"$WORK/part2"
check "initiate multipart upload (POST ?uploads)" 200 "$(req POST "/$BUCKET/big.bin?uploads=")"
UPLOAD_ID="$(xml_value UploadId)"
check "initiate returns an UploadId" yes "$([ -n "$UPLOAD_ID" ] && echo yes || echo no)"
for part in 1 2; do
	check "upload part $part ($(stat -c %s "$WORK/part$part") bytes)" 200 \
		"$(req PUT "/$BUCKET/big.bin?partNumber=$part&uploadId=$UPLOAD_ID" --data-binary "@$WORK/part$part")"
	printf -v "ETAG$part" '%s' "$(header ETag)"
done
cat >"$WORK/complete.xml" <<EOF
<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>$ETAG1</ETag></Part><Part><PartNumber>2</PartNumber><ETag>$ETAG2</ETag></Part></CompleteMultipartUpload>
EOF
check "complete multipart upload" 200 "$(req POST "/$BUCKET/big.bin?uploadId=$UPLOAD_ID" --data-binary "@$WORK/complete.xml" -H 'Content-Type: application/xml')"
check "completed upload has a multipart ETag" yes "$(xml_value ETag | grep -q -- '-2' && echo yes || echo no)"
check "HEAD of the assembled object" 200 "$(req HEAD "/$BUCKET/big.bin")"
check "assembled size" "$(($(stat -c %s "$WORK/part1") + $(stat -c %s "$WORK/part2")))" "$(header Content-Length)"
check "GET of the assembled object" 200 "$(req GET "/$BUCKET/big.bin")"
check "assembled bytes are the two parts" "$(cat "$WORK/part1" "$WORK/part2" | sha256sum)" "$(sha256sum <"$WORK/body")"
check "ranged GET across the part boundary" 206 "$(req GET "/$BUCKET/big.bin" -H "Range: bytes=$(($(stat -c %s "$WORK/part1") - 10))-$(($(stat -c %s "$WORK/part1") + 9))")"
check "boundary range bytes" "$({ tail -c 10 "$WORK/part1"; head -c 10 "$WORK/part2"; } | sha256sum)" "$(sha256sum <"$WORK/body")"

# Multi-object delete: S3 requires the body's MD5 in Content-MD5.
req PUT "/$BUCKET/notes/second.txt" --data-binary 'second' >/dev/null
cat >"$WORK/delete.xml" <<EOF
<Delete><Quiet>false</Quiet><Object><Key>notes/hello.txt</Key></Object><Object><Key>notes/second.txt</Key></Object></Delete>
EOF
check "multi-object delete (POST ?delete)" 200 "$(req POST "/$BUCKET?delete=" --data-binary "@$WORK/delete.xml" \
	-H "Content-MD5: $(openssl dgst -md5 -binary "$WORK/delete.xml" | base64)" -H 'Content-Type: application/xml')"
check "multi-object delete reports both keys" 2 "$(grep -o '<Deleted>' "$WORK/body" | wc -l)"
check "ListObjectsV2 after the delete is empty" 200 "$(req GET "/$BUCKET?list-type=2&prefix=notes%2F")"
check "KeyCount after the delete" 0 "$(xml_value KeyCount)"

check "DELETE object" 204 "$(req DELETE "/$BUCKET/big.bin")"
check "GET of the deleted object" 404 "$(req GET "/$BUCKET/big.bin")"
check "error code of the deleted object" NoSuchKey "$(xml_value Code)"

check "wrong secret is refused" 403 "$(SECRET=not-the-secret req GET "/$BUCKET?list-type=2")"
check "wrong secret: SignatureDoesNotMatch" SignatureDoesNotMatch "$(xml_value Code)"
check "unknown access key is refused" 403 "$(KEY=nobody:nobody req GET "/$BUCKET?list-type=2")"
# AWS answers InvalidAccessKeyId; Swift's tempauth cannot tell an unknown key
# from a wrong signature, so s3api answers SignatureDoesNotMatch.
code="$(xml_value Code)"
check "unknown access key: InvalidAccessKeyId or SignatureDoesNotMatch ($code)" yes \
	"$(case "$code" in InvalidAccessKeyId | SignatureDoesNotMatch) echo yes ;; *) echo no ;; esac)"
check "missing bucket" 404 "$(req GET "/no-such-bucket-$$?list-type=2")"
check "missing bucket: NoSuchBucket" NoSuchBucket "$(xml_value Code)"

check "the stack's bucket $S3_BUCKET exists" 200 "$(req HEAD "/$S3_BUCKET")"
check "DELETE the scratch bucket" 204 "$(req DELETE "/$BUCKET")"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
