<?php
/**
 * Functions and classes that exist only because PHPStan itself is running.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\PHPStan;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Name;
use PHPStan\Analyser\Scope;
use PHPStan\Php\PhpVersion;
use PHPStan\Reflection\ReflectionProvider;
use PHPStan\Rules\Rule;
use PHPStan\Rules\RuleErrorBuilder;

/**
 * PHPStan's phar loads Symfony's polyfills for newer PHP versions into its own process, so it
 * finds json_validate(), array_find(), ReflectionConstant and the like whatever `phpVersion` says.
 * Report a function or class that only such a polyfill defines, when the polyfill is for a PHP
 * newer than the one checked (polyfill-php83 for PHP 8.3), or for an extension (polyfill-mbstring).
 *
 * @implements Rule<Expr>
 */
final class PolyfilledByPhpstanRule implements Rule {

	public function __construct(
		private readonly ReflectionProvider $reflection,
		private readonly PhpVersion $php
	) {
	}

	public function getNodeType(): string {
		return Expr::class;
	}

	public function processNode( Node $node, Scope $scope ): array {
		$name = $this->polyfilled_name( $node, $scope );
		if ( null === $name ) {
			return array();
		}
		return array(
			RuleErrorBuilder::message( sprintf( '%s is not in PHP %s (only a polyfill inside PHPStan defines it here).', $name, $this->php->getVersionString() ) )
				->identifier( 'siteBackups.notInPhp' )
				->build(),
		);
	}

	/**
	 * The name of the function or class the node uses, when only PHPStan's phar defines it.
	 */
	private function polyfilled_name( Expr $node, Scope $scope ): ?string {
		if ( $node instanceof Expr\FuncCall && $node->name instanceof Name && $this->reflection->hasFunction( $node->name, $scope ) ) {
			$function = $this->reflection->getFunction( $node->name, $scope );
			return ! $function->isBuiltin() && $this->is_missing( $function->getFileName() ) ? $function->getName() . '()' : null;
		}
		$class = match ( true ) {
			$node instanceof Expr\New_, $node instanceof Expr\StaticCall, $node instanceof Expr\ClassConstFetch, $node instanceof Expr\StaticPropertyFetch, $node instanceof Expr\Instanceof_ => $node->class,
			default => null,
		};
		if ( ! $class instanceof Name || ! $this->reflection->hasClass( $scope->resolveName( $class ) ) ) {
			return null;
		}
		$reflection = $this->reflection->getClass( $scope->resolveName( $class ) );
		return ! $reflection->isBuiltin() && $this->is_missing( $reflection->getFileName() ) ? $reflection->getName() : null;
	}

	/**
	 * Whether a file is one of PHPStan's polyfills for something the checked PHP lacks.
	 */
	private function is_missing( ?string $file ): bool {
		if ( null === $file || ! str_starts_with( $file, 'phar://' ) || 1 !== preg_match( '~/symfony/polyfill-([a-z0-9-]+)/~', $file, $polyfill ) ) {
			return false;
		}
		if ( 1 === preg_match( '/\Aphp(\d)(\d)\z/', $polyfill[1], $version ) ) {
			return (int) $version[1] * 10000 + (int) $version[2] * 100 > $this->php->getVersionId();
		}
		return true;
	}
}
