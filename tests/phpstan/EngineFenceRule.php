<?php
/**
 * The engine (php/) names nothing outside its own namespace.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\PHPStan;

use PhpParser\Node;
use PhpParser\Node\Name;
use PhpParser\Node\Stmt;
use PhpParser\NodeFinder;
use PHPStan\Analyser\Scope;
use PHPStan\Node\FileNode;
use PHPStan\Rules\Rule;
use PHPStan\Rules\RuleErrorBuilder;

/**
 * The engine runs without WordPress and the plugin sits on top of it, never below: a file of the
 * engine declares a namespace within SiteBackups\Engine\ and imports or names no class, function
 * or constant of another namespace (the plugin's SiteBackups\..., a library's). PHP's own global
 * names stay allowed; a WordPress function, class or constant is caught by the same run, which
 * reads no WordPress stubs (tests/phpstan-engine.neon).
 *
 * The composer autoloader knows the plugin's classes, so without this rule a `use` of one would
 * pass the run unnoticed.
 *
 * @implements Rule<FileNode>
 */
final class EngineFenceRule implements Rule {

	private const ENGINE = 'SiteBackups\\Engine';

	public function getNodeType(): string {
		return FileNode::class;
	}

	public function processNode( Node $node, Scope $scope ): array {
		$errors = array();
		$finder = new NodeFinder();
		$namespaces = $finder->findInstanceOf( $node->getNodes(), Stmt\Namespace_::class );
		if ( array() === $namespaces ) {
			$errors[] = $this->error( 'An engine file declares no namespace; it belongs in ' . self::ENGINE . '\\.', 1 );
		}
		foreach ( $namespaces as $namespace ) {
			$name = null === $namespace->name ? '' : $namespace->name->toString();
			if ( ! $this->is_engine( $name ) ) {
				$errors[] = $this->error( sprintf( 'The engine declares namespace %s; it belongs in %s\\.', '' === $name ? '(global)' : $name, self::ENGINE ), $namespace->getStartLine() );
			}
		}
		foreach ( $finder->findInstanceOf( $node->getNodes(), Stmt\Use_::class ) as $use ) {
			foreach ( $use->uses as $item ) {
				$this->check( $item->name->toString(), $item->getStartLine(), $errors );
			}
		}
		foreach ( $finder->findInstanceOf( $node->getNodes(), Stmt\GroupUse::class ) as $group ) {
			foreach ( $group->uses as $item ) {
				$this->check( $group->prefix->toString() . '\\' . $item->name->toString(), $item->getStartLine(), $errors );
			}
		}
		foreach ( $finder->findInstanceOf( $node->getNodes(), Name::class ) as $name ) {
			$resolved = $this->resolved( $name );
			if ( null !== $resolved ) {
				$this->check( $resolved, $name->getStartLine(), $errors );
			}
		}
		return array_values( $errors );
	}

	/**
	 * The namespaced name a name in code stands for, when it names one for certain (a function or
	 * constant written unqualified may fall back to PHP's global one: that is left to the run).
	 */
	private function resolved( Name $name ): ?string {
		$resolved = $name->getAttribute( 'resolvedName' );
		if ( $resolved instanceof Name ) {
			return $resolved->toString();
		}
		if ( $name instanceof Name\FullyQualified ) {
			return $name->toString();
		}
		return null;
	}

	/**
	 * @param array<int|string, \PHPStan\Rules\IdentifierRuleError> $errors one per name and line
	 */
	private function check( string $name, int $line, array &$errors ): void {
		$name = ltrim( $name, '\\' );
		if ( ! str_contains( $name, '\\' ) || $this->is_engine( $name ) ) {
			return;
		}
		$errors[ $name . '@' . $line ] = $this->error( sprintf( 'The engine (php/) names %s, which is outside %s\\: the engine imports only its own namespace (php/README.md).', $name, self::ENGINE ), $line );
	}

	private function is_engine( string $name ): bool {
		return self::ENGINE === $name || str_starts_with( $name, self::ENGINE . '\\' );
	}

	private function error( string $message, int $line ): \PHPStan\Rules\IdentifierRuleError {
		return RuleErrorBuilder::message( $message )->identifier( 'siteBackups.engineFence' )->line( $line )->build();
	}
}
