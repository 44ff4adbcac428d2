<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

/** Independent zip readers the archives must satisfy: Info-ZIP's unzip and Python's zipfile. */
final class ZipTools
{
	private const PYTHON_READER = <<<'PY'
import hashlib, json, sys, zipfile
path, with_hashes = sys.argv[1], sys.argv[2] == '1'
try:
    with zipfile.ZipFile(path) as archive:
        bad = archive.testzip()
        entries = []
        for info in archive.infolist():
            entry = {'name': info.filename, 'size': info.file_size, 'packed': info.compress_size,
                     'mode': info.external_attr >> 16, 'method': info.compress_type,
                     'utf8': bool(info.flag_bits & 0x800), 'offset': info.header_offset}
            if with_hashes and not info.is_dir():
                digest = hashlib.sha256()
                with archive.open(info) as data:
                    for block in iter(lambda: data.read(1 << 20), b''):
                        digest.update(block)
                entry['sha256'] = digest.hexdigest()
            entries.append(entry)
    print(json.dumps({'ok': bad is None, 'bad': bad, 'entries': entries}))
except Exception as error:
    print(json.dumps({'ok': False, 'error': type(error).__name__ + ': ' + str(error)}))
PY;

	/** @return array{status: int, output: string} what `unzip -t` says */
	public static function unzipTest(string $zip): array
	{
		return self::run(['unzip', '-t', $zip]);
	}

	/** Extracts with unzip (modes, mtimes and symlinks included) into $dir. */
	public static function extract(string $zip, string $dir): void
	{
		$result = self::run(['unzip', '-q', $zip, '-d', $dir]);
		if (0 !== $result['status']) {
			throw new \RuntimeException("unzip failed:\n" . $result['output']);
		}
	}

	/**
	 * Python's zipfile: testzip() (every CRC) and the entries.
	 * @return array{ok: bool, bad?: ?string, error?: string, entries?: list<array<string, mixed>>}
	 */
	public static function python(string $zip, bool $withHashes = false): array
	{
		$result = self::run(['python3', '-c', self::PYTHON_READER, $zip, $withHashes ? '1' : '0']);
		$data   = json_decode($result['output'], true);
		if (!is_array($data)) {
			throw new \RuntimeException("python3 failed:\n" . $result['output']);
		}
		return $data;
	}

	/**
	 * The Python entries by name.
	 * @return array<string, array<string, mixed>>
	 */
	public static function pythonEntries(string $zip, bool $withHashes = false): array
	{
		$read = self::python($zip, $withHashes);
		if (!$read['ok']) {
			throw new \RuntimeException('zipfile refused the archive: ' . json_encode($read));
		}
		return array_column($read['entries'] ?? [], null, 'name');
	}

	/** The first installed of 7-Zip or bsdtar, for the tests that can use either; null when neither is. */
	public static function otherReader(): ?string
	{
		foreach (['7zz', '7z', 'bsdtar'] as $tool) {
			if ('' !== trim((string) shell_exec('command -v ' . $tool . ' 2>/dev/null'))) {
				return $tool;
			}
		}
		return null;
	}

	/** @return array{status: int, output: string} the other reader's full test of the archive */
	public static function otherReaderTest(string $tool, string $zip): array
	{
		return 'bsdtar' === $tool
			? self::run(['sh', '-c', 'bsdtar -xOf "$1" > /dev/null', 'sh', $zip])
			: self::run([$tool, 't', $zip]);
	}

	/**
	 * @param list<string> $command
	 * @return array{status: int, output: string}
	 */
	public static function run(array $command): array
	{
		$process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes);
		if (!is_resource($process)) {
			throw new \RuntimeException('Could not run ' . $command[0]);
		}
		$output = (string) stream_get_contents($pipes[1]);
		fclose($pipes[1]);
		return ['status' => proc_close($process), 'output' => $output];
	}
}
